import type { Deal } from './deal.js';
import type { Stage } from './stages.js';
import type { Lead } from './lead.js';

/** The deal's schema, where the facts that carry it are defined. */
export { dealSchema, type Deal } from './deal.js';

/**
 * The types of fact in the event log, one constant each, so the recorders, the queries and the
 * timeline can never disagree on a spelling. Inbound events the journey does not name here
 * (custom and goal events such as `demo.booked`) are logged under their own type.
 */
export const FACT = {
  stageChanged: 'stage.changed',
  emailSent: 'email.sent',
  /** A send the address had said no to (unsubscribe, bounce, complaint): nothing went out. */
  emailSuppressed: 'email.suppressed',
  emailDelivered: 'email.delivered',
  emailOpened: 'email.opened',
  emailClicked: 'email.clicked',
  emailReplied: 'email.replied',
  emailBounced: 'email.bounced',
  emailComplained: 'email.complained',
  unsubscribed: 'unsubscribed',
  taskCreated: 'task.created',
  surveyAnswered: 'survey.answered',
  crmWrite: 'crm.write',
} as const;

/** A CRM's amount changed: the event that carries the deal's new value to the journey. */
export const DEAL_UPDATED = 'deal.updated';

/** Where the lead enters: the first stage fact of every lead has this source. */
export const ENROLMENT_SOURCE = 'enrolment';

/** Engagement facts that belong to one send, the columns of the sequence step stats. */
export const MAIL_OUTCOMES = [FACT.emailDelivered, FACT.emailOpened, FACT.emailClicked, FACT.emailReplied, FACT.emailBounced, FACT.unsubscribed] as const;

/** One fact about one lead. `key` is unique per fact: recording it again, or rebuilding it, is a no-op. */
export interface LeadFact {
  key: string;
  leadId: string;
  type: string;
  /** When it happened, ISO 8601 (workflow time for what the journey did). */
  at: string;
  /** The stage the lead is in after the fact (for stage.changed, the stage entered). */
  stage?: Stage;
  fromStage?: Stage | null;
  /** Who or what caused it: `api`, a connector, `journey`, `pixel`, `enrolment`… */
  source?: string;
  /** The inbound event id or the step key behind it. */
  cause?: string;
  /** The send an engagement fact belongs to. */
  sendKey?: string;
  sequence?: string;
  /** The sequence version (content hash, 12 characters). */
  version?: string;
  step?: string;
  owner?: string;
  /** The lead's source (`webinar`), for funnel segments. */
  leadSource?: string;
  deal?: Deal;
  /** Why it happened then, in words a person reads on the timeline. */
  reason?: string;
  data?: Record<string, unknown>;
}

/** What the log keeps of the lead itself, for segments and the lead list. */
export interface LeadSummary {
  id: string;
  email: string;
  name?: string;
  owner?: string;
  source?: string;
  stage: Stage;
  stageEnteredAt: string;
  enrolledAt: string;
  deal?: Deal;
  /** The lead as enrolled and updated (locale, zone, attributes…): what `leads export` writes out. */
  profile?: Lead;
  /** Workflow time of this summary; an older one never replaces a newer one. */
  updatedAt: string;
}

/** The parts of a send key: `<lead>/<enrolment>/<sequence>@<version>/<step>/<visit>`. */
export function parseSendKey(key: string): { leadId: string; sequence?: string; version?: string; step?: string } {
  const parts = key.split('/');
  const seq = /^(.+)@([0-9a-f]{6,64})$/.exec(parts[2] ?? '');
  return seq && parts.length === 5 ? { leadId: parts[0]!, sequence: seq[1], version: seq[2], step: parts[3] } : { leadId: parts[0]! };
}

/** The key of a stage fact: one per move, the same whether recorded live or rebuilt from a history. */
export const stageFactKey = (leadId: string, atIso: string, from: Stage | null, to: Stage) => `${leadId}/stage@${Date.parse(atIso)}/${from ?? ''}>${to}`;
/** The key of an inbound event's fact: the event id is the sender's dedupe key already. */
export const eventFactKey = (leadId: string, eventId: string) => `${leadId}/event/${eventId}`;
