import type { Stage } from './stages.js';

// The rules that keep two-way CRM sync converging, in one place: the journey's echo filter
// (workflow code) and the check just before a stage write (an activity) must agree on them.

/** A change seen within this of the time leadflow's write landed is that write. */
export const ECHO_TOLERANCE_MS = 1000;
/** How far a CRM's clock and leadflow's may disagree. */
export const CLOCK_SKEW_MS = 60_000;
/** A write can land only while its attempt runs (a minute at most), give or take the CRM's own delay. */
export const LANDING_WINDOW_MS = 2 * 60_000;

/** What one attempt at writing the journey's stage to a record came to. One constant each, shared with the workflow. */
export const SYNC_OUTCOMES = {
  /** Written; `modifiedAt` is when it landed, when the CRM said or a read-back showed. */
  written: 'written',
  /** The record already holds the stage: nothing was written. */
  inSync: 'in-sync',
  /** The record changed after the journey's stage did, to something leadflow did not write: it wins. */
  crmNewer: 'crm-newer',
  /** The CRM refused the record (locked, invalid, gone): retrying changes nothing. */
  refused: 'refused',
  /** The connection's stage map has no value for the stage. */
  unmapped: 'unmapped',
  /** The connector is not configured on this worker. */
  off: 'off',
} as const;
export type SyncOutcome = (typeof SYNC_OUTCOMES)[keyof typeof SYNC_OUTCOMES];

/** A stage write leadflow made (or tried) to one CRM record. */
export interface LeadflowWrite {
  stage: Stage;
  /** The CRM's own value written; unknown until the CRM answered. */
  crmStage?: string;
  /** When it was sent (ms). */
  at: number;
  /** The record's modification time the write gave it (ISO), when the CRM said or a read-back showed. */
  landedAt?: string;
  /** Its fate is known: with no `landedAt`, it never landed (or leadflow cannot tell when). */
  settled?: boolean;
}

/** One sight of a record's stage: an inbound change, or a read just before writing. */
export interface CrmObservation {
  crmStage?: string;
  stage?: Stage;
  /** When the record (or its stage) changed, ms; absent when the CRM did not say. */
  at?: number;
}

const sameValue = (w: LeadflowWrite, seen: CrmObservation) => (w.crmStage !== undefined && seen.crmStage !== undefined ? w.crmStage === seen.crmStage : w.stage === seen.stage);

/**
 * The write of leadflow's that this sight of a record is (its echo, or its late landing), if any.
 * `writes` are one record's, oldest first. A write whose landing time is known matches by value
 * and that time; one whose landing is unknown (its answer was lost) by value and a time inside its
 * landing window; a settled write that never landed matches nothing. So a person setting, later,
 * a value leadflow once wrote is a real change, never taken for an old echo. A sight without a
 * time (a CRM that sends none) can only be the latest write.
 */
export function leadflowWriteSeen(writes: readonly LeadflowWrite[], seen: CrmObservation): LeadflowWrite | undefined {
  const latest = writes.at(-1);
  for (const w of [...writes].reverse()) {
    if (!sameValue(w, seen)) continue;
    if (seen.at === undefined) return w === latest ? w : undefined;
    if (w.landedAt !== undefined) {
      if (Math.abs(seen.at - Date.parse(w.landedAt)) < ECHO_TOLERANCE_MS) return w;
    } else if (!w.settled && seen.at >= w.at - CLOCK_SKEW_MS && seen.at <= w.at + LANDING_WINDOW_MS + CLOCK_SKEW_MS) {
      return w;
    }
  }
  return undefined;
}

/**
 * What one read of a record says about writes whose landing was unknown: one that shows there
 * (same value, inside its window) landed at that time. Changes them in place. A write it cannot
 * judge stays open until its landing window closes, after which nothing matches it.
 */
export function settleWrites(writes: LeadflowWrite[], seen: CrmObservation): void {
  if (seen.at === undefined) return;
  for (const w of writes) {
    if (!w.settled && w.landedAt === undefined && leadflowWriteSeen([w], seen)) Object.assign(w, { landedAt: new Date(seen.at).toISOString(), settled: true });
  }
}

/** What to do about a stage write, given the record as the CRM holds it now. */
export type StageWriteDecision = { action: 'write' } | { action: 'in-sync' } | { action: 'crm-newer'; stage?: Stage };

/** Everything decideStageWrite weighs: the record now, the journey's stage and when it was set, and leadflow's writes. */
export interface StageWriteCheck {
  /** The record now: its value, and when its stage (or, lacking that, the record) last changed (ms). */
  current: { crmStage?: string; changedAt?: number };
  /** The journey's stage, and the CRM value it writes as. */
  stage: Stage;
  target: string;
  toFunnel: (crmStage: string) => Stage | undefined;
  /** When the journey's stage changed (ms): the most recent change wins. */
  journeyChangedAt: number;
  /** The record's value as leadflow last knew it: unchanged means only other fields were edited. */
  knownCrmStage?: string;
  /** leadflow's recent writes to the record, oldest first. */
  writes: readonly LeadflowWrite[];
}

/**
 * Whether to write the journey's stage to a record. Already there (the value, or one that maps to
 * the same stage): nothing to write. Changed after the journey's stage did, to a value leadflow
 * neither knew nor wrote: the CRM's change is the more recent one and wins. Otherwise: write.
 */
export function decideStageWrite(c: StageWriteCheck): StageWriteDecision {
  const value = c.current.crmStage;
  const stage = value === undefined ? undefined : c.toFunnel(value);
  if (value !== undefined && (value === c.target || stage === c.stage)) return { action: 'in-sync' };
  const at = c.current.changedAt;
  if (at === undefined || Number.isNaN(at) || at <= c.journeyChangedAt) return { action: 'write' };
  if (value !== undefined && value === c.knownCrmStage) return { action: 'write' };
  if (leadflowWriteSeen(c.writes, { crmStage: value, stage, at })) return { action: 'write' };
  return { action: 'crm-newer', stage };
}
