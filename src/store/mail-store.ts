import type { MailCategory } from '../mail/mailer.js';
import type { Db, Queryable } from './db.js';

export type SuppressionReason = 'unsubscribed' | 'bounced' | 'complained';
export type SendStatus = 'sending' | 'sent' | 'suppressed' | 'rejected';

export interface SendClaim {
  key: string;
  leadId: string;
  address: string;
  messageId: string;
  category: MailCategory;
  /** Counts towards the frequency cap: all marketing mail, and care mail configured to. */
  capped: boolean;
  template: string;
  /** Workflow time of the send: the clock frequency caps count in. */
  scheduledAt: Date;
}

/** Addresses compare case-insensitively: one suppression covers every spelling. */
export const normalizeAddress = (address: string) => address.trim().toLowerCase();

/**
 * The send ledger and the suppression list. A send holds an advisory lock on its address from the
 * suppression check until the ledger says `sent`; an unsubscribe takes the same lock, so it either
 * lands before the check or waits for the send in flight, never in between.
 */
export function mailStore(db: Db) {
  const lockAddress = (tx: Queryable, address: string) => tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [normalizeAddress(address)]);

  async function suppressionOf(q: Queryable, address: string): Promise<SuppressionReason | undefined> {
    const rows = await q.query<{ reason: SuppressionReason }>('select reason from suppressions where address = $1', [normalizeAddress(address)]);
    return rows[0]?.reason;
  }

  return {
    db,
    /** Records the attempt; the returned status says whether an earlier attempt already finished. */
    async claim(c: SendClaim): Promise<SendStatus> {
      const rows = await db.query<{ status: SendStatus }>(
        `insert into email_sends (key, lead_id, address, message_id, category, capped, template, status, scheduled_at)
         values ($1, $2, $3, $4, $5, $6, $7, 'sending', $8)
         on conflict (key) do update set attempts = email_sends.attempts + 1, claimed_at = now()
         returning status`,
        [c.key, c.leadId, normalizeAddress(c.address), c.messageId, c.category, c.capped, c.template, c.scheduledAt],
      );
      return rows[0]!.status;
    },

    /**
     * Runs `send` under the address lock unless another attempt already sent it, or the address is
     * suppressed for this kind of mail; marks the ledger in the same transaction.
     */
    async sendOnce(key: string, address: string, category: SendClaim['category'], send: () => Promise<void>): Promise<'sent' | 'already-sent' | SuppressionReason> {
      return db.transaction(async (tx) => {
        await lockAddress(tx, address);
        // Two attempts of one send (a retry while the first still ran) meet here, one after the other.
        const [row] = await tx.query<{ status: SendStatus }>('select status from email_sends where key = $1 for update', [key]);
        if (row?.status === 'sent') return 'already-sent';
        const reason = await suppressionOf(tx, address);
        // Unsubscribing stops all but transactional mail; a bounce or complaint stops everything.
        if (reason && (category !== 'transactional' || reason !== 'unsubscribed')) {
          await tx.query(`update email_sends set status = 'suppressed', last_error = $2 where key = $1`, [key, reason]);
          return reason;
        }
        await send();
        await tx.query(`update email_sends set status = 'sent', sent_at = now(), last_error = null where key = $1`, [key]);
        return 'sent';
      });
    },

    async markRejected(key: string, error: string): Promise<void> {
      await db.query(`update email_sends set status = 'rejected', last_error = $2 where key = $1`, [key, error.slice(0, 1000)]);
    },

    async noteError(key: string, error: string): Promise<void> {
      await db.query('update email_sends set last_error = $2 where key = $1', [key, error.slice(0, 1000)]);
    },

    /** Adds (or keeps) a suppression; waits for any send to this address that is in flight. */
    async suppress(address: string, reason: SuppressionReason, source: string, leadId?: string): Promise<void> {
      await db.transaction(async (tx) => {
        await lockAddress(tx, address);
        // A complaint or bounce outranks an unsubscribe: it stops transactional mail too.
        await tx.query(
          `insert into suppressions (address, reason, source, lead_id) values ($1, $2, $3, $4)
           on conflict (address) do update set reason = excluded.reason, source = excluded.source
           where suppressions.reason = 'unsubscribed' and excluded.reason <> 'unsubscribed'`,
          [normalizeAddress(address), reason, source, leadId ?? null],
        );
      });
    },

    suppression: (address: string) => suppressionOf(db, address),

    /** Sends to a lead that count towards the frequency cap, at or after `since`, oldest first (workflow time). */
    async marketingSendsSince(leadId: string, since: Date): Promise<Date[]> {
      const rows = await db.query<{ scheduled_at: Date | string }>(
        `select scheduled_at from email_sends where lead_id = $1 and status = 'sent' and capped and scheduled_at >= $2 order by scheduled_at`,
        [leadId, since],
      );
      return rows.map((r) => new Date(r.scheduled_at));
    },

    async sendByMessageId(messageId: string): Promise<{ key: string; leadId: string; address: string } | undefined> {
      const rows = await db.query<{ key: string; lead_id: string; address: string }>('select key, lead_id, address from email_sends where message_id = $1', [messageId]);
      return rows[0] && { key: rows[0].key, leadId: rows[0].lead_id, address: rows[0].address };
    },

    async sendByKey(key: string): Promise<{ status: SendStatus; attempts: number; messageId: string } | undefined> {
      const rows = await db.query<{ status: SendStatus; attempts: number; message_id: string }>('select status, attempts, message_id from email_sends where key = $1', [key]);
      return rows[0] && { status: rows[0].status, attempts: rows[0].attempts, messageId: rows[0].message_id };
    },
  };
}

export type MailStore = ReturnType<typeof mailStore>;
