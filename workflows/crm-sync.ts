import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { JourneyRun } from './journey-run.js';
import { LIMITS, pushBounded } from './state.js';

const RETRY = { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' };
const crm = wf.proxyActivities<Pick<Activities, 'pushStageToCrm' | 'writeToCrms'>>({ startToCloseTimeout: '2 minutes', retry: RETRY });

/**
 * Pushes a new stage to every CRM record the lead is linked to, except the CRM the change came
 * from. Once per stage visit; a write is conditional on the last change we saw from that record,
 * so a newer change made in the CRM is never overwritten by an older one of ours.
 */
export async function runCrmSync(run: JourneyRun): Promise<void> {
  const { state } = run;
  const links = state.lead.crm ?? [];
  const last = state.history[state.history.length - 1];
  if (!links.length || !last || last.source === 'enrolment' || state.crmSyncedFor === state.stageEnteredAt) return;
  try {
    for (const record of links) {
      if (record.connector === last.source) continue;
      const seenKey = `${record.connector}:${record.id}`;
      const key = `${state.lead.id}/${state.stage}@${state.stageEnteredAt}/stage/${seenKey}`;
      // Written to the ledger before the call: the CRM's echo can arrive before the call returns.
      const write: NonNullable<typeof state.crmWrites>[number] = { connector: record.connector, recordId: record.id, stage: state.stage, at: run.now() };
      pushBounded((state.crmWrites ??= []), write, LIMITS.crmWrites);
      const result = await crm.pushStageToCrm({ record, stage: state.stage, key, unmodifiedSince: state.crmSeen?.[seenKey] });
      if (result.outcome === 'written') {
        write.crmStage = result.crmStage;
        if (result.modifiedAt) (state.crmSeen ??= {})[seenKey] = result.modifiedAt;
      } else {
        state.crmWrites = state.crmWrites.filter((w) => w !== write);
        run.note(key, `stage not written to ${record.connector}: ${result.outcome}${result.detail ? ` (${result.detail})` : ''}`);
      }
    }
    state.crmSyncedFor = state.stageEnteredAt;
  } catch (err) {
    if (wf.isCancellation(err)) throw err;
    run.fail(`CRM sync: ${(err as Error).message}`);
  }
}

/** Writes a task or note to the lead's linked CRM records; the journey goes on if a CRM refuses. */
export async function writeToLinkedCrms(run: JourneyRun, input: { key: string; kind: 'task' | 'note'; title: string; content?: string; dueAt?: string }): Promise<void> {
  const records = run.state.lead.crm ?? [];
  if (!records.length) return;
  const result = await crm.writeToCrms({ ...input, records, owner: run.state.lead.owner });
  for (const skipped of result.skipped) run.note(input.key, `${input.kind} not written: ${skipped}`);
}
