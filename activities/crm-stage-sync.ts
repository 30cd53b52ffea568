import type { CrmRecordState } from '../connectors/connector.js';
import { CrmConflictError, CrmError, CrmRecordError } from '../connectors/errors.js';
import type { CrmRecordRef } from '../src/domain/crm.js';
import { decideStageWrite, SYNC_OUTCOMES, type LeadflowWrite, type SyncOutcome } from '../src/domain/crm-writes.js';
import type { Stage } from '../src/domain/stages.js';
import type { ConfiguredConnector, Connectors } from '../src/crm/configured.js';
import { crmFailure } from './crm-failures.js';

/** One attempt at one record: what to write, and what the journey knows that decides whether to. */
export interface SyncStageInput {
  record: CrmRecordRef;
  stage: Stage;
  /** Stable across attempts, for vendors that take an idempotency key. */
  key: string;
  /** When the journey's stage changed (ms): a newer change in the CRM wins. */
  journeyChangedAt: number;
  /** The record's stage value as the journey last knew it. */
  knownCrmStage?: string;
  /** The journey's recent writes to this record, oldest first: a late landing of one is not a person's change. */
  writes: LeadflowWrite[];
}

/** What the attempt came to, and the record as it was seen: the journey's knowledge of it follows. */
export interface SyncStageResult {
  outcome: SyncOutcome;
  /** The record's value after the attempt (written, found, or the newer one). */
  crmStage?: string;
  /** The funnel stage of `crmStage`, when the map has one. */
  stage?: Stage;
  /** When the record took that value (ISO, UTC). */
  modifiedAt?: string;
  detail?: string;
  /** The record as read before deciding: it settles whether earlier writes whose answer was lost landed. */
  before?: RecordSeen;
  /** The record as read back after a write whose answer gave no time, when someone had changed it again already. */
  after?: RecordSeen;
}

/** One read of a record: its value, that value's funnel stage, and when it took it. */
export interface RecordSeen {
  crmStage?: string;
  stage?: Stage;
  at?: string;
}

const changedAt = (s: CrmRecordState) => s.stageChangedAt ?? s.modifiedAt;
const seenAs = (connector: ConfiguredConnector, s: CrmRecordState): RecordSeen => ({ crmStage: s.crmStage, stage: s.crmStage === undefined ? undefined : connector.stages.toFunnel(s.crmStage), at: changedAt(s) });

/** The record now, or the CRM's refusal when it no longer has it. */
export async function readRecordStage(connector: ConfiguredConnector, record: CrmRecordRef): Promise<CrmRecordState | undefined> {
  if (!connector.readStages) return undefined;
  const [state] = await connector.readStages([record]);
  if (!state) throw new CrmRecordError(`${connector.name} record ${record.id} does not exist (deleted, or not visible to leadflow's user)`, 'NOT_FOUND');
  return state;
}

/** The stage-write activity of journeys' CRM sync, over the configured connectors. */
export function crmStageSyncActivities(connectors: Connectors) {
  return {
    /**
     * One attempt at putting the journey's stage on one linked record: read it, decide (already
     * there, newer in the CRM, or ours to write), write with the vendor's echo switches off and
     * Zoho's If-Unmodified-Since, and learn when it landed. Transient failures throw, for the
     * workflow to retry with its own backoff; the CRM's refusal of the record is an outcome.
     */
    async syncStageToCrm(input: SyncStageInput): Promise<SyncStageResult> {
      const connector = connectors.get(input.record.connector);
      if (!connector) return { outcome: SYNC_OUTCOMES.off, detail: `connector ${input.record.connector} is not configured on this worker` };
      const target = connector.stages.toCrm(input.stage);
      if (!target) return { outcome: SYNC_OUTCOMES.unmapped, detail: `${connector.name} has no value for stage ${input.stage}: add it to journeys/connectors/${connector.name}.yaml` };
      const record = { ...input.record, module: input.record.module ?? connector.defaultModule };
      try {
        const current = await readRecordStage(connector, record);
        let before: RecordSeen | undefined;
        if (current) {
          const at = changedAt(current);
          before = seenAs(connector, current);
          const decision = decideStageWrite({ current: { crmStage: current.crmStage, changedAt: at ? Date.parse(at) : undefined }, stage: input.stage, target, toFunnel: connector.stages.toFunnel, journeyChangedAt: input.journeyChangedAt, knownCrmStage: input.knownCrmStage, writes: input.writes });
          if (decision.action === 'in-sync') return { outcome: SYNC_OUTCOMES.inSync, crmStage: current.crmStage, stage: input.stage, modifiedAt: at, before };
          if (decision.action === 'crm-newer') return { outcome: SYNC_OUTCOMES.crmNewer, crmStage: current.crmStage, stage: decision.stage, modifiedAt: at, before };
        }
        const written = await connector.pushStage(record, target, { unmodifiedSince: current?.modifiedAt, idempotencyKey: input.key });
        if (written.modifiedAt) return { outcome: SYNC_OUTCOMES.written, crmStage: target, stage: input.stage, modifiedAt: written.modifiedAt, before };
        const after = await readBack(connector, record);
        if (after?.crmStage === target) return { outcome: SYNC_OUTCOMES.written, crmStage: target, stage: input.stage, modifiedAt: changedAt(after), before };
        return { outcome: SYNC_OUTCOMES.written, crmStage: target, stage: input.stage, before, after: after && seenAs(connector, after) };
      } catch (err) {
        if (err instanceof CrmRecordError) return { outcome: SYNC_OUTCOMES.refused, crmStage: target, detail: `${connector.name} refused: ${err.message}` };
        // Zoho's 412: the record changed between our read and our write. Read it again, soon.
        if (err instanceof CrmConflictError) return crmFailure(new CrmError(`${err.message}; reading it again`, true));
        return crmFailure(err);
      }
    },
  };
}

/**
 * The record after a write whose answer gives no time (Fxiaoke): when it landed, or that someone
 * changed it again already. Missing it is no failure, the write is made; its echo is then
 * recognised by value inside its landing window, less precisely.
 */
async function readBack(connector: ConfiguredConnector, record: CrmRecordRef): Promise<CrmRecordState | undefined> {
  try {
    return await readRecordStage(connector, record);
  } catch {
    return undefined;
  }
}
