import * as wf from '@temporalio/workflow';
import type { LeadEvent } from '../src/domain/events.js';
import { dealSchema, type Deal, type LeadFact } from '../src/domain/facts.js';
import { factsFromState, leadSummary } from './insight-facts.js';
import { insightLog } from './activities-proxy.js';
import type { JourneyRun } from './journey-run.js';
import type { JourneyState } from './state.js';

/** Journeys recorded before the event log existed replay without its local activity. */
export const INSIGHT_LOG_PATCH = 'insight-log-v1';

/** Facts waiting for the store; more than this (a store away for long) drops the oldest, which `insight rebuild` recovers. */
const PENDING_LIMIT = 500;
/** Facts per call of the local activity, so a backfilled journey stays far under payload limits. */
const BATCH = 100;

/**
 * The deal's value a CRM sent with an event (a stage change, an amount change); without a
 * currency the lead's own is kept. A malformed value is ignored, not trusted.
 */
export function dealOf(event: LeadEvent, current?: Deal): Deal | undefined {
  const given = event.data?.deal as { currency?: unknown } | undefined;
  const parsed = dealSchema.safeParse(given && typeof given === 'object' ? { currency: current?.currency, ...given } : undefined);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Once per journey, the first run that writes the log queues what the state already holds: the
 * enrolment of a new lead, or the whole story of a lead enrolled before the log existed.
 */
export function backfillInsight(state: JourneyState): void {
  if (state.insight?.backfilled) return;
  state.insight = { facts: [...factsFromState(state), ...(state.insight?.facts ?? [])], leadChanged: true, backfilled: true };
}

/** Queues a fact for the store; it survives continue-as-new in the state until written. */
export function logFact(state: JourneyState, fact: LeadFact): void {
  const log = (state.insight ??= { facts: [] });
  log.facts.push(fact);
  if (log.facts.length > PENDING_LIMIT) log.facts.splice(0, log.facts.length - PENDING_LIMIT);
}

/** Asks for the lead's summary to be written with the next batch (owner, source or deal changed). */
export function markLeadChanged(state: JourneyState): void {
  (state.insight ??= { facts: [] }).leadChanged = true;
}

/**
 * Writes queued facts to the event log, a batch at a time, through a local activity (one marker in
 * history, no task round trip). A fact leaves the queue only once the store has it; what is left at
 * a stage change is carried into the next run and written there.
 */
export async function runInsightLog(run: JourneyRun): Promise<void> {
  if (!run.insight) return;
  const { state } = run;
  const log = (state.insight ??= { facts: [] });
  while (!run.windDown) {
    await wf.condition(() => log.facts.length > 0 || !!log.leadChanged || run.windDown);
    if (run.windDown) return;
    const batch = log.facts.slice(0, BATCH);
    log.leadChanged = false;
    try {
      await insightLog.recordFacts({ facts: batch, lead: leadSummary(state, run.now()) });
      log.facts.splice(0, batch.length);
    } catch (err) {
      if (wf.isCancellation(err)) throw err;
      log.leadChanged = true;
      run.fail(`event log: ${(err as Error).message}`);
      await wf.sleep('1 minute');
    }
  }
}
