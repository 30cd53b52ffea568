import * as wf from '@temporalio/workflow';
import type { SequenceSnapshot } from '../src/domain/journey-schema.js';
import type { StartSnapshot } from '../activities/types.js';
import { localSnapshots, lookups } from './activities-proxy.js';
import { syncLinkedRecords } from './crm-record-sync.js';
import { CHEAPER_START_PATCH, CHEAPER_STEPS_PATCH, CRM_CONVERGE_PATCH, INSIGHT_LOG_PATCH } from './patches.js';
import { handleReconciliation } from './crm-reconcile-record.js';
import type { LeadJourneyInput } from './journey-input.js';
import { JourneyRun } from './journey-run.js';
import { JOURNEY_ERROR_KINDS } from './error-kinds.js';
import { failureMessage } from './failure-message.js';
import { guardedEventHandler, guardedLeadHandler } from './inbound-guard.js';
import { journeyQuery, leadEventSignal, upsertLeadSignal } from './messages.js';
import { runCrmSync } from './crm-sync.js';
import { runSequence } from './sequence-runner.js';
import { runFollowUps, runStaleWatch } from './stage-watchers.js';
import { runCare } from './care-runner.js';
import { runSurvey, runSurveyAnswers } from './survey-runner.js';
import { runTeamAlerts } from './team-alerts.js';
import { initialState } from './state.js';
import { journeyView } from './view.js';
import { backfillInsight, runInsightLog } from './insight-log.js';

export type { LeadJourneyInput };

const RETRY_BROKEN_FUNNEL = '10 minutes';

/** The entered stage's sequence: the one the enrolment's single lookup brought, or a lookup of its own. */
async function sequenceSnapshot(run: JourneyRun, name: string, start: StartSnapshot | undefined): Promise<SequenceSnapshot> {
  if (start?.sequence?.name === name) return start.sequence;
  if (start?.sequenceError?.name === name) throw new Error(start.sequenceError.message);
  return run.local(CHEAPER_START_PATCH) ? localSnapshots.snapshotSequence(name) : lookups.snapshotSequence(name);
}

/** The funnel the lead enrols in, with the first sequence too where the journey has CHEAPER_START_PATCH. */
async function enrolmentSnapshot(run: JourneyRun): Promise<StartSnapshot> {
  return run.local(CHEAPER_START_PATCH) ? localSnapshots.snapshotStart(run.state.stage) : { funnel: await lookups.snapshotFunnel() };
}

/** Starts the current stage's plan: a fresh sequence snapshot, follow-up cadence and stale clock. */
async function enterStage(run: JourneyRun, start?: StartSnapshot): Promise<void> {
  const { state } = run;
  state.planStage = state.stage;
  state.sequence = undefined;
  state.nextFollowUpAt = undefined;
  state.followUps = 0;
  state.staleAlertedAt = undefined;
  state.lastActivityAt = Math.max(state.lastActivityAt, state.stageEnteredAt);
  const name = run.plan()?.sequence;
  if (!name) return;
  try {
    const snapshot = await sequenceSnapshot(run, name, start);
    state.enrolments += 1;
    state.sequence = { snapshot, enrolment: state.enrolments, startedAt: run.now(), pc: 0, visits: {}, status: 'running' };
  } catch (err) {
    run.fail(`cannot start sequence ${name}: ${failureMessage(err)}`, JOURNEY_ERROR_KINDS.journeyFiles);
  }
}

/**
 * A lead's whole journey through the funnel, one workflow per lead. Each run plays the plan of one
 * stage (sequence, follow-ups, stale alert); a stage change, or a history that grew long, ends the
 * run with continue-as-new, carrying the compact state so every timer resumes where it was.
 */
export async function leadJourney(input: LeadJourneyInput): Promise<void> {
  const state = input.state ?? initialState(input.lead, Date.now());
  const run = new JourneyRun(state, input.options ?? {});
  run.joinBaseline();
  run.insight = run.patched(INSIGHT_LOG_PATCH);
  run.cheap = run.patched(CHEAPER_STEPS_PATCH);
  if (run.insight) backfillInsight(state);
  wf.setHandler(upsertLeadSignal, guardedLeadHandler(run, (lead) => run.onUpsertLead(lead)));
  wf.setHandler(leadEventSignal, guardedEventHandler(run, (event) => run.onEvent(event)));
  wf.setHandler(journeyQuery, () => journeyView(run.state, run.pending));
  state.runs += 1;
  run.indexLead();
  handleReconciliation(run);

  let start: StartSnapshot | undefined;
  while (!state.funnel) {
    try {
      start = await enrolmentSnapshot(run);
      state.funnel = start.funnel;
    } catch (err) {
      run.fail(`cannot read the funnel, retrying in ${RETRY_BROKEN_FUNNEL}: ${failureMessage(err)}`, JOURNEY_ERROR_KINDS.journeyFiles);
      await wf.sleep(RETRY_BROKEN_FUNNEL);
    }
  }
  if (state.planStage !== state.stage) await enterStage(run, start);

  // Outside the stage's cancellation scope: a stage change lets a CRM write in flight finish (so
  // its outcome is known), and the next run writes the new stage.
  const crmSync = run.patched(CRM_CONVERGE_PATCH) ? syncLinkedRecords(run) : undefined;

  const scope = new wf.CancellationScope();
  const loops = scope.run(() => Promise.all([runCrmSync(run), runSequence(run), runFollowUps(run), runStaleWatch(run), runCare(run), runSurvey(run), runSurveyAnswers(run), runInsightLog(run), runTeamAlerts(run)]));
  await wf.condition(() => run.stageDirty || run.shouldContinueAsNew());
  // A new stage stops the old plan at once; a long history lets each loop reach a safe point.
  if (run.stageDirty) scope.cancel();
  else run.windDown = true;
  try {
    await loops;
  } catch (err) {
    if (!wf.isCancellation(err)) throw err;
  }
  await crmSync;
  await wf.condition(wf.allHandlersFinished);
  await wf.continueAsNew<typeof leadJourney>({ lead: state.lead, state, options: input.options });
}
