import type { Lead } from '../src/domain/lead.js';
import type { SendWindow, WindowChoice } from '../src/domain/send-window.js';
import type { Stage } from '../src/domain/stages.js';
import type { FunnelSnapshot, SequenceSnapshot, SharedTemplates, TemplateSource } from '../src/domain/journey-schema.js';
import type { WaitUntilSpec } from '../src/schedule/local-time.js';
import type { MailCategory } from '../src/mail/mailer.js';
import type { SurveyKind } from '../src/domain/survey.js';

// Inputs and results of activities. Workflows import these as types only.

/** The funnel a lead enrols in, and the first stage's sequence or why its file could not be read. */
export interface StartSnapshot {
  funnel: FunnelSnapshot;
  sequence?: SequenceSnapshot;
  sequenceError?: { name: string; message: string };
}

export interface SendEmailInput {
  key: string;
  lead: Lead;
  stage: Stage;
  sequence: string;
  template: string;
  /** The template's locales, inline (journeys before v0.2), or empty to load them by `snapshotHash`. */
  locales: Record<string, TemplateSource>;
  shared?: SharedTemplates;
  snapshotHash?: string;
  subjectPrefix?: string | Record<string, string>;
  category: MailCategory;
  /** Counts towards the frequency cap (default: marketing mail does, other mail does not). */
  countsTowardCap?: boolean;
  /** Workflow time of the send; frequency caps count in it. */
  at: string;
  /** A survey mail: the template gets one signed link per score of the scale as `survey.scores`. */
  survey?: { name: string; kind: SurveyKind; instance: string };
  /** Extra variables for the template (`occasion`, `year`), e.g. for care mail. */
  variables?: Record<string, string | number>;
  /** When and under what rules the step fell due: the event log says why it went out when it did. */
  schedule?: SendSchedule;
}

/** A send step's scheduling, as the sequence asked for its send time. */
export interface SendSchedule {
  dueAt: string;
  timezone: string;
  window: WindowChoice | SendWindow;
  country?: string;
  region?: string;
  cap?: { max: number; perMs: number };
}

/**
 * What a send was asked, repeated in its result: a local activity's marker records the result but
 * not the input, and `leadflow insight rebuild` reads sent mail from history.
 */
export type SendReceipt = Pick<SendEmailInput, 'key' | 'stage' | 'sequence' | 'template' | 'at'> & Pick<SendEmailInput['lead'], 'owner' | 'source'>;

export interface SendEmailResult {
  messageId: string;
  subject: string;
  locale: string;
  /** Absent in results recorded before sends became local activities. */
  receipt?: SendReceipt;
  /** sent now; duplicate: an earlier attempt had sent it; suppressed: the address said no. */
  outcome: 'sent' | 'duplicate' | 'suppressed';
  suppressedBy?: 'unsubscribed' | 'bounced' | 'complained';
}

export interface CreateTaskInput {
  key: string;
  lead: Lead;
  stage: Stage;
  /** Liquid source, rendered with the lead. */
  title: string;
  notes?: string;
  /** Workflow time when the task was decided; due is counted from it. */
  at: string;
  dueInMs?: number;
  origin: 'sequence' | 'follow-up' | 'stale' | 'survey';
  /**
   * The funnel's alert rule for this task: sent to the owner's chat (urgent: through quiet hours),
   * or `false` for the digest only; `every` is the cadence or quiet spell that raised it (`2d`,
   * `10d`), `survey` the answer behind a low-score task: what the owner's message says in their words.
   */
  alert?: { urgent: boolean; every?: string; survey?: { name: string; score: number; max: number } } | false;
}

export interface TaskRecord {
  key: string;
  title: string;
  notes?: string;
  owner?: string;
  createdAt: string;
  dueAt: string;
  /** The due time before it moved off the owner's weekend or holiday. */
  dueMovedFrom?: string;
  origin: CreateTaskInput['origin'];
  /** The destinations the owner was told through (`sales-wecom`, `email:bob`). */
  alerted?: string[];
}

export interface NextSendTimeInput {
  notBefore: string;
  timezone: string;
  window: WindowChoice | SendWindow;
  /** ISO country for public holidays; defaults to the country of the time zone. */
  country?: string;
  /** ISO 3166-2 region (`DE-BE`) whose own holidays are skipped too; defaults to what the zone implies. */
  region?: string;
  leadId?: string;
  /** At most `max` marketing e-mails per `perMs` to this lead; a send over the cap waits. */
  cap?: { max: number; perMs: number };
}

export interface WaitUntilInput extends WaitUntilSpec {
  after: string;
  timezone: string;
}
