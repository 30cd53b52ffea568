import * as wf from '@temporalio/workflow';
import { factsFromState, leadSummary } from './insight-facts.js';
import { insightLog } from './activities-proxy.js';
import type { JourneyRun } from './journey-run.js';
import type { JourneyState } from './state.js';
import { failureMessage } from './failure-message.js';

/** Facts per call of the local activity, so a backfilled journey stays far under payload limits. */
const BATCH = 100;

/**
 * Once per journey, the first run that writes the log queues what the state already holds: the
 * enrolment of a new lead, or the whole story of a lead enrolled before the log existed.
 */
export function backfillInsight(state: JourneyState): void {
  if (state.insight?.backfilled) return;
  state.insight = { facts: [...factsFromState(state), ...(state.insight?.facts ?? [])], leadChanged: true, backfilled: true };
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
      run.fail(`event log: ${failureMessage(err)}`);
      await wf.sleep('1 minute');
    }
  }
}
