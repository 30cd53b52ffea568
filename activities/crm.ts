import { CrmConflictError, CrmError, CrmRecordError } from '../connectors/errors.js';
import type { CrmRecordRef } from '../src/domain/crm.js';
import type { Stage } from '../src/domain/stages.js';
import type { Connectors } from '../src/crm/configured.js';
import type { CrmStore } from '../src/store/crm-store.js';
import { crmFailure } from './crm-failures.js';

export interface PushStageInput {
  record: CrmRecordRef;
  stage: Stage;
  key: string;
  /** Only overwrite if the CRM record has not changed since this (the last change we saw from it). */
  unmodifiedSince?: string;
}

export interface PushStageResult {
  outcome: 'written' | 'conflict' | 'unmapped' | 'off' | 'rejected';
  crmStage?: string;
  modifiedAt?: string;
  detail?: string;
}

export interface CrmWriteInput {
  records: CrmRecordRef[];
  key: string;
  kind: 'task' | 'note';
  title: string;
  content?: string;
  dueAt?: string;
  owner?: string;
}

export function crmActivities(connectors: Connectors, crm: CrmStore) {
  return {
    /** Writes the lead's stage to one linked CRM record, in that CRM's own value. */
    async pushStageToCrm({ record, stage, key, unmodifiedSince }: PushStageInput): Promise<PushStageResult> {
      const connector = connectors.get(record.connector);
      if (!connector) return { outcome: 'off', detail: `connector ${record.connector} is not configured` };
      const crmStage = connector.stages.toCrm(stage);
      if (!crmStage) return { outcome: 'unmapped', detail: `${record.connector} has no value for stage ${stage}: add it to journeys/connectors/${record.connector}.yaml` };
      try {
        const { modifiedAt } = await connector.pushStage({ ...record, module: record.module ?? connector.defaultModule }, crmStage, { unmodifiedSince, idempotencyKey: key });
        return { outcome: 'written', crmStage, modifiedAt };
      } catch (err) {
        if (err instanceof CrmConflictError) return { outcome: 'conflict', crmStage, detail: `${record.connector} record ${record.id} changed since ${unmodifiedSince}; its newer stage wins` };
        if (err instanceof CrmRecordError) return { outcome: 'rejected', crmStage, detail: `${record.connector} refused: ${err.code} ${err.message}` };
        return crmFailure(err);
      }
    },

    /** Writes a task or a note to every linked record, once per key and record (claimed first). */
    async writeToCrms(input: CrmWriteInput): Promise<{ written: number; skipped: string[] }> {
      let written = 0;
      const skipped: string[] = [];
      for (const record of input.records) {
        const connector = connectors.get(record.connector);
        if (!connector) {
          skipped.push(`${record.connector}: not configured`);
          continue;
        }
        const writeKey = `${input.key}@${record.connector}:${record.id}`;
        const claim = await crm.claimWrite(writeKey, record.connector, record.id, input.kind);
        if ('done' in claim) continue;
        // Another attempt of this activity is writing it right now: come back after its lease.
        if ('busy' in claim) throw new CrmError(`${input.kind} ${writeKey} is being written by another attempt`, true);
        const target = { ...record, module: record.module ?? connector.defaultModule };
        try {
          const { id } =
            input.kind === 'task'
              ? await connector.createTask(target, { key: writeKey, title: input.title, notes: input.content, dueAt: input.dueAt ?? new Date().toISOString(), owner: input.owner })
              : await connector.createNote(target, { key: writeKey, title: input.title, content: input.content ?? '' });
          await crm.completeWrite(writeKey, id);
          written += 1;
        } catch (err) {
          await crm.releaseWrite(writeKey);
          if (err instanceof CrmRecordError) {
            skipped.push(`${record.connector}: ${err.code} ${err.message}`);
            continue;
          }
          return crmFailure(err);
        }
      }
      return { written, skipped };
    },
  };
}
