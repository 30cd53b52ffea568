import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { JourneyRun } from './journey-run.js';
import { JOURNEY_ERROR_KINDS } from './error-kinds.js';
import { LIMITS, pushBounded } from './state.js';
import { CRM_CONVERGE_PATCH } from './patches.js';
import { enqueueCrmWrite } from './crm-outbox.js';
import { failureMessage } from './failure-message.js';

// Bounded: a write lands within a minute or so of the CRM healing (see crm-retry.ts).
const RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' };
// A stage change waits for a write already running, so its outcome is known (and its echo expected).
const crm = wf.proxyActivities<Pick<Activities, 'pushStageToCrm'>>({ startToCloseTimeout: '2 minutes', retry: RETRY, cancellationType: wf.ActivityCancellationType.WAIT_CANCELLATION_COMPLETED });
// Tasks and notes give up after a day of trying: the journey must never wait on a CRM for longer.
const crmWrites = wf.proxyActivities<Pick<Activities, 'writeToCrms'>>({ startToCloseTimeout: '2 minutes', scheduleToCloseTimeout: '1 day', retry: RETRY });

/**
 * CRM sync of journeys from before CRM_CONVERGE_PATCH, kept as it was so that their histories
 * replay: a push per stage visit to every record but the source's, retried by Temporal, and
 * cancelled with the stage's other loops.
 */
export async function runCrmSync(run: JourneyRun): Promise<void> {
  // Journeys with the patch keep their records in sync outside the stage's loops (crm-record-sync.ts).
  if (run.patched(CRM_CONVERGE_PATCH)) return;
  const { state } = run;
  const links = state.lead.crm ?? [];
  const last = state.history[state.history.length - 1];
  if (!links.length || !last || last.source === 'enrolment' || state.crmSyncedFor === state.stageEnteredAt) return;
  for (const record of links) {
    if (record.connector === last.source) continue;
    const seenKey = `${record.connector}:${record.id}`;
    const key = `${state.lead.id}/${state.stage}@${state.stageEnteredAt}/stage/${seenKey}`;
    // Written to the ledger before the call: the CRM's echo can arrive before the call returns.
    // A cancelled call keeps its entry (the write may have landed); entries expire after a day.
    const write: NonNullable<typeof state.crmWrites>[number] = { connector: record.connector, recordId: record.id, stage: state.stage, at: run.now() };
    pushBounded((state.crmWrites ??= []), write, LIMITS.crmWrites);
    try {
      const seen = state.crmSeen?.[seenKey];
      const result = await crm.pushStageToCrm({ record, stage: state.stage, key, unmodifiedSince: seen?.at });
      if (result.outcome === 'written') {
        write.crmStage = result.crmStage;
        (state.crmSeen ??= {})[seenKey] = { at: result.modifiedAt ?? seen?.at, crmStage: result.crmStage };
      } else {
        state.crmWrites = state.crmWrites.filter((w) => w !== write);
        run.note(key, `stage not written to ${record.connector}: ${result.outcome}${result.detail ? ` (${result.detail})` : ''}`);
      }
    } catch (err) {
      if (wf.isCancellation(err)) throw err;
      state.crmWrites = state.crmWrites.filter((w) => w !== write);
      run.fail(`CRM sync to ${record.connector} record ${record.id}: ${failureMessage(err)}`, JOURNEY_ERROR_KINDS.crmWrite);
    }
  }
  state.crmSyncedFor = state.stageEnteredAt;
}

/** Writes a task or note to the lead's linked CRM records; the journey goes on if a CRM refuses. */
export async function writeToLinkedCrms(run: JourneyRun, input: { key: string; kind: 'task' | 'note'; title: string; content?: string; dueAt?: string }): Promise<void> {
  const records = run.state.lead.crm ?? [];
  if (!records.length) return;
  // Journeys with the patch queue it in the outbox, which a stage change cannot cancel.
  if (run.patched(CRM_CONVERGE_PATCH)) return enqueueCrmWrite(run, input);
  try {
    const result = await crmWrites.writeToCrms({ ...input, records, owner: run.state.lead.owner });
    for (const skipped of result.skipped) run.note(input.key, `${input.kind} not written: ${skipped}`);
  } catch (err) {
    if (wf.isCancellation(err)) throw err;
    run.fail(`${input.kind} not written to the CRM: ${failureMessage(err)}`, JOURNEY_ERROR_KINDS.crmWrite);
  }
}
