import type { CrmRecordRef } from '../domain/crm.js';
import type { Db } from './db.js';

/** How long a claimed CRM write belongs to its attempt: the activity's start-to-close timeout. */
const CLAIM_LEASE_S = 120;

/** A lead's link to one CRM record. */
export interface CrmLink {
  recordId: string;
  leadId: string;
  module?: string;
}
type LinkRow = { record_id: string; lead_id: string; module: string | null };
const link = (r: LinkRow): CrmLink => ({ recordId: r.record_id, leadId: r.lead_id, module: r.module ?? undefined });

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
    /**
     * Claims a write for this attempt. `done` carries the remote id of a write already made;
     * `busy` means another attempt claimed it within the lease and may still be writing.
     */
    async claimWrite(key: string, connector: string, recordId: string, kind: 'task' | 'note'): Promise<{ claimed: true } | { done: string } | { busy: true }> {
      const claimed = await db.query(
        `insert into crm_writes (key, connector, record_id, kind) values ($1, $2, $3, $4)
         on conflict (key) do update set attempts = crm_writes.attempts + 1, claimed_at = now()
         where crm_writes.remote_id is null and crm_writes.claimed_at < now() - interval '${CLAIM_LEASE_S} seconds'
         returning key`,
        [key, connector, recordId, kind],
      );
      if (claimed.length) return { claimed: true };
      const [row] = await db.query<{ remote_id: string | null }>('select remote_id from crm_writes where key = $1', [key]);
      return row?.remote_id ? { done: row.remote_id } : { busy: true };
    },
    /** One connection's links in record-id order, after `afterRecordId`: reconciliation pages through them. */
    async linksPage(connector: string, afterRecordId: string | undefined, limit: number): Promise<CrmLink[]> {
      const rows = await db.query<LinkRow>('select record_id, lead_id, module from crm_links where connector = $1 and record_id > $2 order by record_id limit $3', [connector, afterRecordId ?? '', limit]);
      return rows.map(link);
    },
    /** One lead's links to one connection. */
    async linksOfLead(leadId: string, connector: string): Promise<CrmLink[]> {
      const rows = await db.query<LinkRow>('select record_id, lead_id, module from crm_links where lead_id = $1 and connector = $2 order by record_id', [leadId, connector]);
      return rows.map(link);
    },
    /**
     * The attempt that claimed a write failed and is no longer writing: the next attempt may go
     * at once, rather than wait out the lease (a CRM that healed is written within seconds).
     */
    async releaseWrite(key: string): Promise<void> {
      await db.query(`update crm_writes set claimed_at = 'epoch' where key = $1 and remote_id is null`, [key]);
    },
    async completeWrite(key: string, remoteId: string): Promise<void> {
      await db.query('update crm_writes set remote_id = $2 where key = $1', [key, remoteId]);
    },
  };
}

export type CrmStore = ReturnType<typeof crmStore>;
