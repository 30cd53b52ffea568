import type { CrmRecordRef } from '../domain/crm.js';
import type { Db } from './db.js';

/** Links between leads and CRM records, and the ledger of tasks and notes written to CRMs. */
export function crmStore(db: Db) {
  async function leadFor(connector: string, recordId: string): Promise<string | undefined> {
    const rows = await db.query<{ lead_id: string }>('select lead_id from crm_links where connector = $1 and record_id = $2', [connector, recordId]);
    return rows[0]?.lead_id;
  }

  return {
    /**
     * Links records to a lead. A record already linked to another lead keeps its lead (first
     * wins) and is returned, so the caller can refuse rather than write to someone else's deal.
     */
    async link(leadId: string, records: CrmRecordRef[]): Promise<CrmRecordRef[]> {
      const taken: CrmRecordRef[] = [];
      for (const r of records) {
        await db.query('insert into crm_links (connector, record_id, module, lead_id) values ($1, $2, $3, $4) on conflict (connector, record_id) do nothing', [r.connector, r.id, r.module ?? null, leadId]);
        const owner = await leadFor(r.connector, r.id);
        if (owner !== leadId) taken.push(r);
      }
      return taken;
    },
    leadFor,
    /** The remote id of a write already made under this key, or undefined after claiming it. */
    async claimWrite(key: string, connector: string, recordId: string, kind: 'task' | 'note'): Promise<string | undefined> {
      const rows = await db.query<{ remote_id: string | null }>(
        `insert into crm_writes (key, connector, record_id, kind) values ($1, $2, $3, $4)
         on conflict (key) do update set attempts = crm_writes.attempts + 1 returning remote_id`,
        [key, connector, recordId, kind],
      );
      return rows[0]?.remote_id ?? undefined;
    },
    async completeWrite(key: string, remoteId: string): Promise<void> {
      await db.query('update crm_writes set remote_id = $2 where key = $1', [key, remoteId]);
    },
  };
}

export type CrmStore = ReturnType<typeof crmStore>;
