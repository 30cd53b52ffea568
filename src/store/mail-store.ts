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
 * How long a send's SMTP call may hold its ledger row (`in_flight_until`). The mailer's own
 * timeouts (src/mail/mailer.ts) end a live call well before; the lease only matters when the
 * worker died mid-call, and bounds how long an unsubscribe or a second attempt waits for it.
 */
export const SEND_LEASE_MS = 60_000;

/** A second attempt of a send found the first still in its SMTP call: retry later (Temporal does). */
export class SendInFlightError extends Error {
  override readonly name = 'SendInFlightError';
  constructor(key: string, readonly retryAfterMs: number) {
    super(`send ${key} is in flight in another attempt; retry in ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}

/** Options of the store; tests shorten the lease and the unsubscribe's poll. */
export interface MailStoreOptions {
  leaseMs?: number;
  /** How often an unsubscribe looks whether the sends in flight to its address are done. */
  pollMs?: number;
}

/**
 * The send ledger and the suppression list. No transaction is held across SMTP, so sends to many
 * addresses run at once, on PGlite's one connection as on PostgreSQL. Instead a send checks the
 * suppression and takes a lease on its row (`in_flight_until`) in one short transaction under an
 * advisory lock on its address; an unsubscribe records itself under the same lock, then waits for
 * the leases on that address to end. So a send either sees the unsubscribe, or is done before the
 * unsubscribe answers: never a marketing mail after its 200.
 */
export function mailStore(db: Db, opts: MailStoreOptions = {}) {
  const leaseMs = opts.leaseMs ?? SEND_LEASE_MS;
  const pollMs = opts.pollMs ?? 25;
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
     * Runs `send` unless another attempt already sent it or the address is suppressed for this kind
     * of mail. The check and the lease are one short transaction; the SMTP call runs outside any;
     * `sent` is written as soon as it returns. A crash between the SMTP server's 250 and that write
     * is the one window in which a retry (after the lease) sends again.
     */
    async sendOnce(key: string, address: string, category: SendClaim['category'], send: () => Promise<void>): Promise<'sent' | 'already-sent' | SuppressionReason> {
      const decided = await db.transaction(async (tx) => {
        await lockAddress(tx, address);
        const [row] = await tx.query<{ status: SendStatus; wait_ms: number | null }>(
          `select status, extract(epoch from (in_flight_until - now())) * 1000 as wait_ms from email_sends where key = $1 for update`,
          [key],
        );
        if (row?.status === 'sent') return 'already-sent' as const;
        // Two attempts of one send (a retry while the first is still in SMTP): the second backs off.
        if (row?.wait_ms !== null && row?.wait_ms !== undefined && Number(row.wait_ms) > 0) throw new SendInFlightError(key, Number(row.wait_ms));
        const reason = await suppressionOf(tx, address);
        // Unsubscribing stops all but transactional mail; a bounce or complaint stops everything.
        if (reason && (category !== 'transactional' || reason !== 'unsubscribed')) {
          await tx.query(`update email_sends set status = 'suppressed', last_error = $2, in_flight_until = null where key = $1`, [key, reason]);
          return reason;
        }
        await tx.query(`update email_sends set in_flight_until = now() + make_interval(secs => $2::double precision / 1000) where key = $1`, [key, leaseMs]);
        return undefined;
      });
      if (decided) return decided;
      try {
        await send();
      } catch (err) {
        await db.query('update email_sends set in_flight_until = null where key = $1', [key]).catch(() => undefined);
        throw err;
      }
      await db.query(`update email_sends set status = 'sent', sent_at = now(), last_error = null, in_flight_until = null where key = $1`, [key]);
      return 'sent';
    },

    async markRejected(key: string, error: string): Promise<void> {
      await db.query(`update email_sends set status = 'rejected', last_error = $2 where key = $1`, [key, error.slice(0, 1000)]);
    },

    async noteError(key: string, error: string): Promise<void> {
      await db.query('update email_sends set last_error = $2 where key = $1', [key, error.slice(0, 1000)]);
    },

    /**
     * Adds (or keeps) a suppression, then waits for the sends to this address that are in their
     * SMTP call (at most the lease): once it returns, no mail it stops can still go out.
     */
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
      const deadline = Date.now() + leaseMs;
      while (Date.now() < deadline) {
        const [busy] = await db.query<{ n: number }>('select count(*)::int as n from email_sends where address = $1 and in_flight_until > now()', [normalizeAddress(address)]);
        if (!busy?.n) return;
        await new Promise((r) => setTimeout(r, pollMs));
      }
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
