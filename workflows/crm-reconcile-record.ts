import * as wf from '@temporalio/workflow';
import { JOURNEY_ERROR_KINDS } from './error-kinds.js';
import { RECONCILE_ACTIONS, type ReconcileRecordInput, type ReconcileRecordResult } from '../src/domain/crm-reconcile.js';
import { leadflowWriteSeen } from '../src/domain/crm-writes.js';
import { journeyChangedAt, needsPush, recordKey, stageDecided, writesTo } from './crm-state.js';
import type { JourneyRun } from './journey-run.js';
import { reconcileRecordUpdate } from './messages.js';

/**
 * Compares one linked record, as its CRM holds it now, with the journey, and repairs the
 * difference: the most recent change wins, by the CRM's own time against the journey's last stage
 * change. Until the journey has decided its stage after enrolment the CRM is the truth (a lead is
 * linked to deals that already have a stage). The journey's win is written by the record's sync
 * loop, a refused write included: reconciliation is a fresh chance. Idempotent: a second pass
 * over the same record finds it in agreement.
 */
export function reconcileRecord(run: JourneyRun, input: ReconcileRecordInput): ReconcileRecordResult {
  const { state } = run;
  const journeyStage = state.stage;
  const link = (state.lead.crm ?? []).find((l) => l.connector === input.connector && l.id === input.recordId);
  if (!link) return { action: RECONCILE_ACTIONS.noJourney, journeyStage };
  const key = recordKey(link);
  if (!input.crm) {
    run.fail(`${link.connector} record ${link.id} no longer exists in ${link.connector} (deleted, or hidden from leadflow's user): found by reconciliation`, JOURNEY_ERROR_KINDS.crmWrite);
    return { action: RECONCILE_ACTIONS.missing, journeyStage };
  }
  const { crmStage, stage, changedAt, writtenFor } = input.crm;
  const at = changedAt ? Date.parse(changedAt) : undefined;
  const seen = (state.crmSeen ??= {})[key];
  const fresh = !seen?.at || (at !== undefined && at >= Date.parse(seen.at));
  const result = { journeyStage, crmStage, changedAt };

  if (stage === journeyStage || writtenFor.includes(journeyStage)) {
    if (fresh) state.crmSeen[key] = { at: changedAt, crmStage, stage: journeyStage, ours: seen?.crmStage === crmStage && !!seen?.ours };
    if (state.crmPush?.[key]?.gaveUp) delete state.crmPush[key];
    return { ...result, action: RECONCILE_ACTIONS.inSync };
  }
  const ours = leadflowWriteSeen(writesTo(state, link.connector, link.id), { crmStage, stage, at });
  if (!ours && (!stageDecided(state) || (at !== undefined && at > journeyChangedAt(state)))) {
    state.crmSeen[key] = { at: changedAt, crmStage, stage, ours: false };
    if (!stage) {
      run.fail(`${link.connector} stage "${String(crmStage)}" of record ${link.id} has no funnel stage: add it to journeys/connectors/${link.connector}.yaml`, JOURNEY_ERROR_KINDS.unmappedStage);
      return { ...result, action: RECONCILE_ACTIONS.unmapped };
    }
    run.changeStage(stage, link.connector, { id: `reconcile:${input.passId}:${key}`, type: 'stage.changed', stage, source: link.connector, occurredAt: changedAt, data: { record: link.id, crmStage } });
    return { ...result, journeyStage: state.stage, from: journeyStage, action: RECONCILE_ACTIONS.pulled };
  }
  if (fresh) state.crmSeen[key] = { at: changedAt, crmStage, stage, ours: !!ours };
  if (state.crmPush?.[key]?.gaveUp) delete state.crmPush[key];
  return { ...result, action: needsPush(state, key) ? RECONCILE_ACTIONS.pushed : RECONCILE_ACTIONS.inSync };
}

/** Lets reconciliation ask the journey about its records (the reconcileRecord update). */
export function handleReconciliation(run: JourneyRun): void {
  wf.setHandler(reconcileRecordUpdate, (input) => reconcileRecord(run, input));
}
