import type { FunnelSnapshot, SequenceSnapshot } from '../src/domain/journey-schema.js';
import type { Lead } from '../src/domain/lead.js';
import type { Stage } from '../src/domain/stages.js';
import type { CrmPushStatus, CrmRecordKnown, CrmWriteEntry } from './crm-state.js';
import type { CrmOutboxEntry } from './crm-outbox.js';
import type { TaskRecord } from '../activities/types.js';
import type { PlannedCare } from '../activities/care.js';
import type { SurveyKind } from '../src/domain/survey.js';
import type { JourneyErrorKind } from './error-kinds.js';
import type { LeadFact } from '../src/domain/facts.js';
import type { TeamAlertState } from './team-alert-state.js';

// The journey's state is plain data: it is carried whole into the next run at continue-as-new and
// returned by the state query. Lists are bounded so that a lead's history can never outgrow a run.

export const LIMITS = { seenEventIds: 500, recentEvents: 200, history: 100, emails: 100, tasks: 100, errors: 20, crmWrites: 50, careSent: 100, surveys: 20 };

export interface StageChange {
  from: Stage | null;
  to: Stage;
  at: string;
  source: string;
  eventId?: string;
  occurredAt?: string;
}

export interface SentEmail {
  key: string;
  template: string;
  sequence: string;
  subject: string;
  messageId: string;
  locale: string;
  sentAt: string;
  /** Care mail: `birthday` or the care.yaml key. */
  occasion?: string;
  /** Survey mail: the survey's name. */
  survey?: string;
}

/** One survey sent for one visit of a stage; answers update it, they never add to it. */
export interface SurveyState {
  instance: string;
  name: string;
  kind: SurveyKind;
  status: 'due' | 'sent' | 'skipped';
  snapshotHash?: string;
  /** Absolute deadlines, so a continue-as-new resumes the same timers. */
  sendAt?: number;
  sentAt?: number;
  reminderAt?: number;
  remindedAt?: number;
  answer?: { score: number; comment?: string; at: string };
  answers: number;
  lowScoreTask?: boolean;
}

/** An answer received and not yet written to the store and the CRM. */
export interface SurveyAnswerIn {
  instance: string;
  score: number;
  comment?: string;
  at: string;
  answerNumber: number;
}

export interface SequenceCursor {
  snapshot: SequenceSnapshot;
  enrolment: number;
  startedAt: number;
  /** Index of the step being run. */
  pc: number;
  /** Completed runs of each step (by index); part of idempotency keys, so a loop sends anew. */
  visits: Record<number, number>;
  /** Absolute deadline of the current wait, so a continue-as-new resumes the same timer. */
  deadline?: number;
  waitSince?: number;
  /** When the current send step fell due, so the event log can say why it went out later. */
  dueSince?: number;
  status: 'running' | 'done' | 'exited' | 'failed';
  exitReason?: string;
}

export interface JourneyState {
  lead: Lead;
  stage: Stage;
  /** The stage whose plan this run started; differs from `stage` right after a change. */
  planStage?: Stage;
  stageEnteredAt: number;
  /** When the applied stage change happened at its source; older changes are ignored. */
  stageOccurredAt: number;
  history: StageChange[];
  funnel?: FunnelSnapshot;
  sequence?: SequenceCursor;
  enrolments: number;
  seenEventIds: string[];
  recentEvents: { type: string; at: number; id: string }[];
  lastActivityAt: number;
  staleAlertedAt?: number;
  nextFollowUpAt?: number;
  followUps: number;
  paused: boolean;
  /** Marketing mail stops: unsubscribed, hard bounce or complaint. */
  suppressed?: 'unsubscribed' | 'bounced' | 'complained';
  emails: SentEmail[];
  tasks: TaskRecord[];
  ignored: { ref: string; reason: string; at: string }[];
  errors: { at: string; message: string; kind?: JourneyErrorKind }[];
  runs: number;
  /**
   * The baseline a run met (patches.ts): 1 for JOURNEY_BASELINE_PATCH, 2 for the second; every
   * later run has the patches of that level and below without their markers.
   */
  baseline?: 1 | 2;
  /** Stages leadflow wrote to CRM records: their echo, coming back as a webhook, is recognised. */
  crmWrites?: CrmWriteEntry[];
  /**
   * Per CRM record (`zoho:123`): the latest change time and stage value seen from it or written
   * to it. A change whose stage value is the one already known is an edit of other fields.
   */
  crmSeen?: Record<string, CrmRecordKnown>;
  /** Per CRM record: the write of the journey's stage still being tried, or refused. */
  crmPush?: Record<string, CrmPushStatus>;
  /** Tasks and notes still to be written to the linked records. */
  crmOutbox?: CrmOutboxEntry[];
  /** The stage visit (its stageEnteredAt) whose stage has been pushed to the linked CRMs. */
  crmSyncedFor?: number;
  /** Care mail: the occasion planned next (for the stage visit it was planned in) and the keys sent. */
  care?: { sent: string[]; next?: PlannedCare & { plannedFor: number } };
  /** Surveys by instance (`<lead>/survey/<name>@<stage entered>`). */
  surveys?: Record<string, SurveyState>;
  surveyInbox?: SurveyAnswerIn[];
  /** Facts for the event log not yet written, and whether the lead's summary changed. */
  insight?: { facts: LeadFact[]; leadChanged?: boolean; backfilled?: boolean };
  /** What the journey has told the lead's owner in chat: cursors and cooldowns (team-alerts.ts). */
  teamAlerts?: TeamAlertState;
}

/** Workflow milliseconds as ISO 8601, how state and views show instants. */
export const iso = (ms: number) => new Date(ms).toISOString();

export function pushBounded<T>(list: T[], item: T, limit: number): void {
  list.push(item);
  if (list.length > limit) list.splice(0, list.length - limit);
}

export function initialState(lead: Lead, now: number): JourneyState {
  const stage = lead.stage ?? 'lead';
  return {
    lead,
    stage,
    stageEnteredAt: now,
    stageOccurredAt: 0,
    history: [{ from: null, to: stage, at: new Date(now).toISOString(), source: 'enrolment' }],
    enrolments: 0,
    seenEventIds: [],
    recentEvents: [],
    lastActivityAt: now,
    followUps: 0,
    paused: false,
    suppressed: lead.consent?.marketing === false ? 'unsubscribed' : undefined,
    emails: [],
    tasks: [],
    ignored: [],
    errors: [],
    runs: 0,
  };
}
