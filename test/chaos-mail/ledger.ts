import pg from 'pg';

/**
 * One row of the send ledger, in the columns the check relies on. Only these: the ledger's other
 * columns (leases, locks, errors) are the send activity's business and may change under it.
 */
export interface LedgerRow {
  key: string;
  leadId: string;
  messageId: string;
  status: string;
  attempts: number;
  sentAt: Date | undefined;
}

/** Reads `email_sends` of the run's own database (migrated by the server at its start). */
export function ledgerReader(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  return {
    async rows(): Promise<LedgerRow[]> {
      const { rows } = await pool.query<{ key: string; lead_id: string; message_id: string; status: string; attempts: number; sent_at: Date | null }>(
        'select key, lead_id, message_id, status, attempts, sent_at from email_sends',
      );
      return rows.map((r) => ({ key: r.key, leadId: r.lead_id, messageId: r.message_id, status: r.status, attempts: r.attempts, sentAt: r.sent_at ?? undefined }));
    },
    async sentCount(): Promise<number> {
      const { rows } = await pool.query<{ n: string }>(`select count(*) as n from email_sends where status = 'sent'`);
      return Number(rows[0]!.n);
    },
    close: () => pool.end(),
  };
}

/** The run's view of the ledger. */
export type LedgerReader = ReturnType<typeof ledgerReader>;
