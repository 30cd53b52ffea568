import type { LeadflowWrite } from '../src/domain/crm-writes.js';
import type { Stage } from '../src/domain/stages.js';
import type { JourneyState } from './state.js';

// What a journey knows of its linked CRM records, as plain data carried across continue-as-new.

/** A stage leadflow wrote (or is writing) to a CRM record: its echo, coming back, is recognised. */
export interface CrmWriteEntry extends LeadflowWrite {
  connector: string;
  recordId: string;
  /** The stage visit (its stageEnteredAt) the write belongs to; one entry per visit and record. */
  visit?: number;
}

/** Per CRM record: its latest change as leadflow knows it, from the CRM or from its own write. */
export interface CrmRecordKnown {
  /** When the record took `crmStage` (ISO). */
  at?: string;
  crmStage?: string;
  /** The funnel stage the record is on: what the value maps to, or the stage leadflow wrote. */
  stage?: Stage;
  /** The knowledge comes from leadflow's own write, not from a change made in the CRM. */
  ours?: boolean;
}

/** A write of the journey's stage to one record that has not landed yet, or that the CRM refused. */
export interface CrmPushStatus {
  stage: Stage;
  /** The stage visit (stageEnteredAt) it belongs to: a new visit starts afresh. */
  visit: number;
  since: number;
  attempts: number;
  /** What the CRM (or the network) answered last. */
  lastError?: string;
  nextAttemptAt?: number;
  /** An attempt failed in a way that the write may have landed anyway (a lost answer, a timeout). */
  uncertain?: boolean;
  /** When a long wait was reported under the lead's errors. */
  reportedAt?: number;
  /** The CRM refused the record, or the stage cannot be written there: no more tries for this visit. */
  gaveUp?: { at: number; reason: string };
}

/** `zoho:123`: how state maps are keyed per record. */
export const recordKey = (r: { connector: string; id: string }) => `${r.connector}:${r.id}`;

/** When the journey's current stage was set, at its source: what a CRM change must beat to win. */
export const journeyChangedAt = (state: JourneyState) => state.stageOccurredAt || state.stageEnteredAt;

/**
 * Whether the journey has decided its stage since enrolment: a change applied, or one that
 * re-asserted the stage it was on (a CRM edited to the same stage adds no history, but it is a
 * decision the other records must follow). Until then the linked records are the truth.
 */
export const stageDecided = (state: JourneyState) => state.stageOccurredAt > 0 || state.history[state.history.length - 1]?.source !== 'enrolment';

/** leadflow's recent writes to one record, oldest first. */
export function writesTo(state: JourneyState, connector: string, recordId: string): CrmWriteEntry[] {
  return (state.crmWrites ?? []).filter((w) => w.connector === connector && w.recordId === recordId).sort((a, b) => a.at - b.at);
}

/**
 * Whether a record must be brought to the journey's stage. Not before the journey has decided its
 * stage (at enrolment the CRM is the truth); not when the record is known to be on it; not when
 * the CRM refused this visit's write; and not over a newer value the funnel has no stage for
 * (the lead's errors say so): the most recent change wins, even when leadflow cannot follow it.
 */
export function needsPush(state: JourneyState, key: string): boolean {
  if (!stageDecided(state)) return false;
  const push = state.crmPush?.[key];
  if (push?.gaveUp && push.stage === state.stage && push.visit === state.stageEnteredAt) return false;
  const seen = state.crmSeen?.[key];
  if (seen?.stage === state.stage) return false;
  const unmappedNewer = seen && !seen.ours && seen.stage === undefined && seen.crmStage !== undefined && !!seen.at && Date.parse(seen.at) > journeyChangedAt(state);
  return !unmappedNewer;
}
