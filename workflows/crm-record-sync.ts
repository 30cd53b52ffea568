import * as wf from '@temporalio/workflow';
import { JOURNEY_ERROR_KINDS } from './error-kinds.js';
import type { Activities } from '../activities/index.js';
import type { SyncStageResult } from '../activities/crm-stage-sync.js';
import { settleWrites, SYNC_OUTCOMES } from '../src/domain/crm-writes.js';
import { formatDuration } from '../src/domain/duration.js';
import type { CrmRecordRef } from '../src/domain/crm.js';
import { CRM_LONG_WAIT_MS, crmFailureOf, nextAttemptDelay } from './crm-retry.js';
import { journeyChangedAt, needsPush, recordKey, writesTo, type CrmPushStatus, type CrmWriteEntry } from './crm-state.js';
import type { JourneyRun } from './journey-run.js';
import { flushCrmOutbox } from './crm-outbox.js';
import { LIMITS, pushBounded } from './state.js';

// One attempt per activity: the journey retries itself, so that every retry writes the stage the
// journey is on now, and every failure shows on the lead with what the CRM answered.
const push = wf.proxyActivities<Pick<Activities, 'syncStageToCrm'>>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 1 } });

/** A worker without the connector (a deploy half done) is asked again this much later. */
const CONNECTOR_OFF_RETRY_MS = 5 * 60_000;

/**
 * Keeps every CRM record the lead is linked to on the journey's stage, for the whole run: one
 * loop per record (links added meanwhile get theirs), beside the outbox of tasks and notes. A
 * loop writes when the record is behind, retries with a bounded backoff until the write lands or
 * the CRM refuses the record, and gives way to a change made in the CRM after the journey's. It
 * stops at its next safe point once the stage changed or the run winds down; a write in flight
 * finishes first, so its outcome is known.
 */
export async function syncLinkedRecords(run: JourneyRun): Promise<void> {
  const outbox = flushCrmOutbox(run);
  const loops = new Map<string, Promise<void>>();
  const stop = () => run.stageDirty || run.windDown;
  const fresh = () => (run.state.lead.crm ?? []).filter((l) => !loops.has(recordKey(l)));
  for (;;) {
    for (const link of fresh()) loops.set(recordKey(link), syncRecord(run, link, stop));
    await wf.condition(() => stop() || fresh().length > 0);
    if (stop()) break;
  }
  await Promise.all([...loops.values(), outbox]);
}

async function syncRecord(run: JourneyRun, link: CrmRecordRef, stop: () => boolean): Promise<void> {
  const key = recordKey(link);
  for (;;) {
    await wf.condition(() => stop() || needsPush(run.state, key));
    if (stop()) return;
    const status = pushStatus(run, key);
    const wait = (status.nextAttemptAt ?? 0) - run.now();
    if (wait > 0) {
      if (await wf.condition(stop, wait)) return;
      continue;
    }
    await attempt(run, link, status);
    // Whatever came of it, a record still behind is not tried again at once.
    if (!stop() && needsPush(run.state, key) && (status.nextAttemptAt ?? 0) <= run.now()) status.nextAttemptAt = run.now() + nextAttemptDelay(status, run.now());
  }
}

/** This visit's write to the record: carried on from an earlier run, or begun now. */
function pushStatus(run: JourneyRun, key: string): CrmPushStatus {
  const { state } = run;
  const current = state.crmPush?.[key];
  if (current && current.stage === state.stage && current.visit === state.stageEnteredAt) return current;
  return ((state.crmPush ??= {})[key] = { stage: state.stage, visit: state.stageEnteredAt, since: run.now(), attempts: 0 });
}

async function attempt(run: JourneyRun, link: CrmRecordRef, status: CrmPushStatus): Promise<void> {
  const { state } = run;
  const key = recordKey(link);
  // In the ledger before the call: the CRM's echo can arrive before the answer does.
  let entry = (state.crmWrites ?? []).find((w) => w.connector === link.connector && w.recordId === link.id && w.visit === status.visit && w.stage === status.stage);
  if (!entry) pushBounded((state.crmWrites ??= []), (entry = { connector: link.connector, recordId: link.id, stage: status.stage, at: run.now(), visit: status.visit }), LIMITS.crmWrites);
  const earlier = writesTo(state, link.connector, link.id).filter((w) => w !== entry);
  status.attempts += 1;
  let result: SyncStageResult;
  try {
    result = await push.syncStageToCrm({
      record: link,
      stage: status.stage,
      key: `${state.lead.id}/${status.stage}@${status.visit}/stage/${key}`,
      journeyChangedAt: journeyChangedAt(state),
      knownCrmStage: state.crmSeen?.[key]?.crmStage,
      writes: earlier.map(({ stage, crmStage, at, landedAt, settled }) => ({ stage, crmStage, at, landedAt, settled })),
    });
  } catch (err) {
    if (wf.isCancellation(err)) throw err;
    const failure = crmFailureOf(err);
    Object.assign(status, { uncertain: true, lastError: failure.message, nextAttemptAt: run.now() + nextAttemptDelay(status, run.now(), failure.retryAfterMs) });
    reportLongWait(run, link, status);
    return;
  }
  if (result.before) settleWrites(earlier, { crmStage: result.before.crmStage, stage: result.before.stage, at: result.before.at ? Date.parse(result.before.at) : undefined });
  settle(run, link, status, entry, result);
}

/** What the journey learns from an attempt's outcome: the record's state, and whether to go on. */
function settle(run: JourneyRun, link: CrmRecordRef, status: CrmPushStatus, entry: CrmWriteEntry, result: SyncStageResult): void {
  const { state } = run;
  const key = recordKey(link);
  // The CRM's own time or none: our clock is no stand-in for when a record changed.
  const at = result.modifiedAt;
  const dropEntry = () => (state.crmWrites = (state.crmWrites ?? []).filter((w) => w !== entry));
  const done = () => delete state.crmPush?.[key];
  switch (result.outcome) {
    case SYNC_OUTCOMES.written:
      // A write whose landing time is unknown stays open: its echo is matched inside its landing window.
      Object.assign(entry, { crmStage: result.crmStage, landedAt: at, settled: at !== undefined });
      // Read back already changed by someone else: that is what the record holds now.
      (state.crmSeen ??= {})[key] = result.after && result.after.crmStage !== result.crmStage ? { ...result.after, ours: false } : { at, crmStage: result.crmStage, stage: status.stage, ours: true };
      return void done();
    case SYNC_OUTCOMES.inSync:
      // Already there: an earlier attempt of ours landed after all, or someone set it meanwhile.
      if (status.uncertain) Object.assign(entry, { crmStage: result.crmStage, landedAt: at, settled: at !== undefined });
      else dropEntry();
      (state.crmSeen ??= {})[key] = { at, crmStage: result.crmStage, stage: status.stage, ours: !!status.uncertain };
      return void done();
    case SYNC_OUTCOMES.crmNewer:
      // Changed in the CRM after the journey's stage was: that change wins, as if it had come in.
      dropEntry();
      done();
      (state.crmSeen ??= {})[key] = { at, crmStage: result.crmStage, stage: result.stage, ours: false };
      if (result.stage) run.changeStage(result.stage, link.connector, { id: `crm-read:${key}:${at}`, type: 'stage.changed', stage: result.stage, source: link.connector, occurredAt: at, data: { record: link.id, crmStage: result.crmStage } });
      else run.fail(`${link.connector} stage "${String(result.crmStage)}" of record ${link.id} has no funnel stage: add it to journeys/connectors/${link.connector}.yaml`, JOURNEY_ERROR_KINDS.unmappedStage);
      return;
    case SYNC_OUTCOMES.off:
      Object.assign(status, { lastError: result.detail, nextAttemptAt: run.now() + CONNECTOR_OFF_RETRY_MS });
      return reportLongWait(run, link, status);
    default:
      // Refused by the CRM, or no value for the stage in the connection's map: this visit gives up.
      dropEntry();
      status.gaveUp = { at: run.now(), reason: result.detail ?? result.outcome };
      run.fail(`${link.connector} record ${link.id}: stage ${status.stage} not written; ${result.detail ?? result.outcome}`, JOURNEY_ERROR_KINDS.crmWrite);
  }
}

/** A write that has waited long is reported under the lead's errors too, once per visit. */
function reportLongWait(run: JourneyRun, link: CrmRecordRef, status: CrmPushStatus): void {
  const waited = run.now() - status.since;
  if (status.reportedAt !== undefined || waited < CRM_LONG_WAIT_MS) return;
  status.reportedAt = run.now();
  run.fail(`${link.connector} record ${link.id}: stage ${status.stage} not written after ${status.attempts} attempts in ${formatDuration(waited)}; still trying (last answer: ${status.lastError})`, JOURNEY_ERROR_KINDS.crmWrite);
}
