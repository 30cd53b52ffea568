import { OWNER_EMAIL } from '../domain/team-chat.js';
import type { TeamMessage } from '../notify/message.js';
import { NotifyError, NotifyRateLimitError, NotifyRejectedError } from '../notify/notifier.js';
import { createNotifier } from '../notify/registry.js';
import type { TeamNotificationRow } from '../store/team-store.js';
import { keywordOf, resolveDestination, TeamConfigError } from './destinations.js';
import { ownerProfile } from './owner-profile.js';
import type { TeamDeps } from './team-deps.js';

/** What became of one delivery: the queue acts on it (wait, fall back, or go on). */
export type DeliveryOutcome =
  | { outcome: 'sent' | 'sent-before' | 'gone' }
  | { outcome: 'rate-limited'; retryAfterMs: number; error: string }
  | { outcome: 'rejected'; error: string };

/** Another attempt claimed this message moments ago and may be sending it: try again after its lease. */
export class DeliveryBusyError extends NotifyError {
  override name = 'DeliveryBusyError';
}

/** `email:bob` is the owner's own address; any other destination is named in team.yaml. */
const destinationName = (row: TeamNotificationRow) => (row.destination.startsWith(`${OWNER_EMAIL}:`) ? OWNER_EMAIL : row.destination);

/**
 * Sends one message of the ledger to its destination, at most once per key: claimed first, marked
 * sent as soon as the service said yes. The destination and its secrets are read now, from
 * team.yaml and the environment, so a rotated key is used without a restart.
 */
export async function deliverNotification(deps: TeamDeps, key: string, signal?: AbortSignal): Promise<DeliveryOutcome> {
  const claim = await deps.teamStore.claim(key);
  if ('sent' in claim) return { outcome: 'sent-before' };
  if ('missing' in claim) return { outcome: 'gone' };
  if ('busy' in claim) throw new DeliveryBusyError(`${key} is being sent by another attempt`);
  const row = claim.claimed;
  try {
    const team = await deps.library.team();
    const name = destinationName(row);
    const owner = row.owner ? ownerProfile(team, row.owner) : undefined;
    const notifier = createNotifier(resolveDestination(team, name, owner, deps.env), { mailer: deps.mailer, mailFrom: deps.mailFrom, now: deps.signingClock });
    const message: TeamMessage = { ...(row.message as TeamMessage), keyword: keywordOf(team, name) };
    await notifier.send(message, { key, signal });
    await deps.teamStore.markSent(key);
    return { outcome: 'sent' };
  } catch (err) {
    const error = (err as Error).message;
    if (err instanceof NotifyRateLimitError) {
      await deps.teamStore.release(key, error);
      return { outcome: 'rate-limited', retryAfterMs: err.retryAfterMs, error };
    }
    if (err instanceof NotifyRejectedError || err instanceof TeamConfigError) {
      await deps.teamStore.markFailed(key, error);
      return { outcome: 'rejected', error };
    }
    await deps.teamStore.release(key, error);
    throw err;
  }
}

/**
 * The e-mail to the owner when their chat destination refused a message or stayed down: the same
 * message, saying why it came this way. Keyed like any delivery, so it too goes out once.
 */
export async function fallBackToEmail(deps: TeamDeps, key: string, reason: string): Promise<'sent' | 'sent-before' | 'undeliverable'> {
  const row = await deps.teamStore.notification(key);
  if (!row || row.status === 'sent') return row ? 'sent-before' : 'undeliverable';
  const team = await deps.library.team();
  const owner = row.owner ? ownerProfile(team, row.owner) : undefined;
  if (!owner?.email || destinationName(row) === OWNER_EMAIL) return 'undeliverable';
  const message = row.message as TeamMessage;
  const fallback = await deps.teamStore.enqueue({
    key: `${key}>fallback`,
    momentKey: row.momentKey,
    owner: row.owner,
    destination: `${OWNER_EMAIL}:${owner.id}`,
    service: OWNER_EMAIL,
    message: { ...message, why: [message.why, `(${row.destination}: ${reason})`].filter(Boolean).join(' ') },
    deliverAt: row.deliverAt,
    urgent: row.urgent,
  });
  return (await deliverNotification(deps, fallback.key)).outcome === 'rejected' ? 'undeliverable' : 'sent';
}
