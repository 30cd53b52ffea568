import type { Db } from './db.js';

/** One thing that happened to an owner's lead, as the digest reads it. */
export interface TeamMoment {
  key: string;
  owner: string;
  leadId: string;
  /** The lead's journey, for asking it whether a task is still open. */
  workflowId?: string;
  kind: string;
  stage?: string;
  title: string;
  at: Date;
  dueAt?: Date;
  /** The lead's name and company, the reason, the CRM links: what a digest line shows. */
  data: Record<string, unknown>;
}

/** A message for one destination, as it waits in the ledger. */
export interface TeamNotificationRow {
  key: string;
  momentKey: string;
  owner?: string;
  destination: string;
  service: string;
  message: unknown;
  deliverAt: Date;
  urgent: boolean;
  status: 'queued' | 'sending' | 'sent' | 'failed';
  attempts: number;
  sentAt?: Date;
  lastError?: string;
}

/**
 * How long a claimed message belongs to the attempt that claimed it: longer than one call to a
 * chat API may take, so a second attempt never sends alongside a slow first one.
 */
const CLAIM_LEASE_S = 20;

type Row = Record<string, unknown>;
const toNotification = (r: Row): TeamNotificationRow => ({
  key: r.key as string,
  momentKey: r.moment_key as string,
  owner: (r.owner as string | null) ?? undefined,
  destination: r.destination as string,
  service: r.service as string,
  message: r.message,
  deliverAt: new Date(r.deliver_at as string),
  urgent: r.urgent as boolean,
  status: r.status as TeamNotificationRow['status'],
  attempts: r.attempts as number,
  sentAt: r.sent_at ? new Date(r.sent_at as string) : undefined,
  lastError: (r.last_error as string | null) ?? undefined,
});
const toMoment = (r: Row): TeamMoment => ({
  key: r.key as string,
  owner: r.owner as string,
  leadId: r.lead_id as string,
  workflowId: (r.workflow_id as string | null) ?? undefined,
  kind: r.kind as string,
  stage: (r.stage as string | null) ?? undefined,
  title: r.title as string,
  at: new Date(r.at as string),
  dueAt: r.due_at ? new Date(r.due_at as string) : undefined,
  data: (r.data as Record<string, unknown>) ?? {},
});

/**
 * The team's ledger: moments for the digest, and one row per message and destination, claimed
 * before a chat API is called and marked sent after, so a retried delivery sends nothing twice.
 */
export function teamStore(db: Db) {
  return {
    /** Records a moment once; a retry of the activity that raised it changes nothing. */
    async recordMoment(m: TeamMoment): Promise<void> {
      await db.query(
        `insert into team_moments (key, owner, lead_id, workflow_id, kind, stage, title, at, due_at, data)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict (key) do nothing`,
        [m.key, m.owner, m.leadId, m.workflowId ?? null, m.kind, m.stage ?? null, m.title, m.at, m.dueAt ?? null, JSON.stringify(m.data)],
      );
    },

    /** Puts a message in the ledger; the first version of a key stands (retries render it again). */
    async enqueue(n: Omit<TeamNotificationRow, 'status' | 'attempts' | 'sentAt' | 'lastError'>): Promise<TeamNotificationRow> {
      await db.query(
        `insert into team_notifications (key, moment_key, owner, destination, service, message, deliver_at, urgent, status)
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'queued') on conflict (key) do nothing`,
        [n.key, n.momentKey, n.owner ?? null, n.destination, n.service, JSON.stringify(n.message), n.deliverAt, n.urgent],
      );
      return (await this.notification(n.key))!;
    },

    async notification(key: string): Promise<TeamNotificationRow | undefined> {
      const [row] = await db.query('select * from team_notifications where key = $1', [key]);
      return row ? toNotification(row) : undefined;
    },

    /**
     * Claims a message for this attempt: `claimed` to send it, `sent` when an earlier attempt did,
     * `busy` when another attempt claimed it within the lease and may be sending right now.
     */
    async claim(key: string): Promise<{ claimed: TeamNotificationRow } | { sent: true } | { busy: true } | { missing: true }> {
      const rows = await db.query(
        `update team_notifications set status = 'sending', attempts = attempts + 1, claimed_at = now()
         where key = $1 and (status in ('queued', 'failed') or (status = 'sending' and claimed_at < now() - interval '${CLAIM_LEASE_S} seconds'))
         returning *`,
        [key],
      );
      if (rows.length) return { claimed: toNotification(rows[0]!) };
      const current = await this.notification(key);
      if (!current) return { missing: true };
      return current.status === 'sent' ? { sent: true } : { busy: true };
    },

    async markSent(key: string): Promise<void> {
      await db.query(`update team_notifications set status = 'sent', sent_at = now(), last_error = null where key = $1`, [key]);
    },

    /** The call did not go through (a limit, a transient fault): the message waits for its next turn. */
    async release(key: string, error: string): Promise<void> {
      await db.query(`update team_notifications set status = 'queued', last_error = $2 where key = $1 and status <> 'sent'`, [key, error.slice(0, 1000)]);
    },

    /** The destination refused it for good (a revoked key, an archived channel). */
    async markFailed(key: string, error: string): Promise<void> {
      await db.query(`update team_notifications set status = 'failed', last_error = $2 where key = $1 and status <> 'sent'`, [key, error.slice(0, 1000)]);
    },

    /** An owner's moments of the given kinds at or after `since` (by when they happened). */
    async momentsSince(owner: string, kinds: string[], since: Date, limit = 500): Promise<TeamMoment[]> {
      const rows = await db.query('select * from team_moments where owner = $1 and kind = any($2) and at >= $3 order by at limit $4', [owner, kinds, since, limit]);
      return rows.map(toMoment);
    },

    /** An owner's tasks due before `before` and raised at or after `raisedSince`, oldest due first. */
    async tasksDueBefore(owner: string, kinds: string[], before: Date, raisedSince: Date, limit = 500): Promise<TeamMoment[]> {
      const rows = await db.query(
        'select * from team_moments where owner = $1 and kind = any($2) and due_at is not null and due_at < $3 and at >= $4 order by due_at limit $5',
        [owner, kinds, before, raisedSince, limit],
      );
      return rows.map(toMoment);
    },

    /**
     * Forgets an owner's moments and sent messages older than `before`: the digest looks back 30
     * days, and no retry of a delivery lives that long. Unsent messages stay until they go.
     */
    async prune(owner: string, before: Date): Promise<void> {
      await db.query('delete from team_moments where owner = $1 and at < $2', [owner, before]);
      await db.query(`delete from team_notifications where owner = $1 and status in ('sent', 'failed') and created_at < $2`, [owner, before]);
    },

    /** Every message of a moment, for tests and the CLI. */
    async notificationsOf(momentKey: string): Promise<TeamNotificationRow[]> {
      return (await db.query('select * from team_notifications where moment_key = $1 order by key', [momentKey])).map(toNotification);
    },
  };
}

export type TeamStore = ReturnType<typeof teamStore>;
