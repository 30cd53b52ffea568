import type { Stage } from '../src/domain/stages.js';
import { needsPush, recordKey } from './crm-state.js';
import { iso, type JourneyState } from './state.js';

/** Where a linked CRM record stands against the journey. One constant each. */
export const CRM_RECORD_STATUSES = {
  /** On the journey's stage, as far as leadflow knows. */
  inSync: 'in-sync',
  /** Behind: a write of the journey's stage is waiting or being retried (`pending` says why). */
  pending: 'pending',
  /** The CRM refused this stage's write, or the stage has no value there (`gaveUp` says why). */
  gaveUp: 'gave-up',
  /** Changed in the CRM to a value the connection's stage map lacks (the lead's errors say which). */
  unmapped: 'unmapped',
  /** Nothing heard from it or written to it since enrolment. */
  unknown: 'unknown',
} as const;
export type CrmRecordStatus = (typeof CRM_RECORD_STATUSES)[keyof typeof CRM_RECORD_STATUSES];

/** One linked record as `GET /api/leads/:id` shows it. */
export interface CrmRecordView {
  connector: string;
  id: string;
  status: CrmRecordStatus;
  /** The record's stage value as leadflow last knew it, and since when. */
  crmStage?: string;
  crmStageAt?: string;
  pending?: { stage: Stage; since: string; attempts: number; lastError?: string; nextAttemptAt?: string };
  gaveUp?: { stage: Stage; at: string; reason: string };
}

/** Every linked record of the journey, with what is being done about the ones that are behind. */
export function crmRecordsView(state: JourneyState): CrmRecordView[] {
  return (state.lead.crm ?? []).map((link) => {
    const key = recordKey(link);
    const seen = state.crmSeen?.[key];
    const push = state.crmPush?.[key];
    const current = push && push.stage === state.stage && push.visit === state.stageEnteredAt ? push : undefined;
    const base = { connector: link.connector, id: link.id, crmStage: seen?.crmStage, crmStageAt: seen?.at };
    if (current?.gaveUp) return { ...base, status: CRM_RECORD_STATUSES.gaveUp, gaveUp: { stage: current.stage, at: iso(current.gaveUp.at), reason: current.gaveUp.reason } };
    if (needsPush(state, key)) {
      const pending = { stage: state.stage, since: iso(current?.since ?? state.stageEnteredAt), attempts: current?.attempts ?? 0, lastError: current?.lastError, nextAttemptAt: current?.nextAttemptAt === undefined ? undefined : iso(current.nextAttemptAt) };
      return { ...base, status: CRM_RECORD_STATUSES.pending, pending };
    }
    if (seen?.stage === state.stage) return { ...base, status: CRM_RECORD_STATUSES.inSync };
    if (seen?.crmStage !== undefined && seen.stage === undefined) return { ...base, status: CRM_RECORD_STATUSES.unmapped };
    return { ...base, status: CRM_RECORD_STATUSES.unknown };
  });
}

/** A linked record whose CRM write needs a person's eye: for `leadflow journeys doctor`. */
export interface CrmSyncProblem {
  record: string;
  status: typeof CRM_RECORD_STATUSES.pending | typeof CRM_RECORD_STATUSES.gaveUp | typeof CRM_RECORD_STATUSES.unmapped;
  reason: string;
}

/**
 * The records of a journey (as the journey query returns it) that are not on its stage, with
 * the CRM's last answer: pending writes that have been tried and failed, refused ones, and
 * values the stage map lacks. A write queued but not yet tried is no problem.
 */
export function crmSyncProblems(view: { crm?: CrmRecordView[] }): CrmSyncProblem[] {
  const problems: CrmSyncProblem[] = [];
  for (const r of view.crm ?? []) {
    const record = `${r.connector} record ${r.id}`;
    if (r.status === CRM_RECORD_STATUSES.gaveUp) problems.push({ record, status: r.status, reason: r.gaveUp?.reason ?? 'refused' });
    else if (r.status === CRM_RECORD_STATUSES.pending && r.pending?.lastError) problems.push({ record, status: r.status, reason: `${r.pending.attempts} attempt(s) since ${r.pending.since}; last answer: ${r.pending.lastError}` });
    else if (r.status === CRM_RECORD_STATUSES.unmapped) problems.push({ record, status: r.status, reason: `its value "${r.crmStage}" has no funnel stage` });
  }
  return problems;
}
