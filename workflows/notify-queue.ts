import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { failureMessage } from './failure-message.js';
import { nextAllowedAt, pruneSent } from './rate-windows.js';
import { enqueueNotificationSignal, notifyQueueQuery, type NotifyQueueInput, type QueuedNotification } from './team-messages.js';

/** Keys remembered after delivery, so a repeated hand-off is dropped here and not only by the ledger. */
const RECENT_KEYS = 2_000;
/** An empty queue lives this long, then ends; the next message starts it again. */
const IDLE_MS = 86_400_000;
const DELIVERIES_PER_RUN = 500;

/** Due messages first, urgent ones before the rest, then by when they may go, then in arrival order. */
function pick(pending: QueuedNotification[], now: number): QueuedNotification | undefined {
  const rank = (i: QueuedNotification) => [i.deliverAt <= now ? 0 : 1, i.deliverAt <= now && i.urgent ? 0 : 1, i.deliverAt];
  let best: QueuedNotification | undefined;
  for (const item of pending) {
    if (!best) {
      best = item;
      continue;
    }
    const [a, b] = [rank(item), rank(best)];
    const i = a.findIndex((v, k) => v !== b[k]);
    if (i >= 0 && a[i]! < b[i]!) best = item;
  }
  return best;
}

/**
 * One destination's queue (a robot, an owner's inbox), whoever its messages are for: it keeps the
 * vendor's limits across every worker, waits when the vendor says wait (a DingTalk block lasts
 * 10 minutes) and never drops a message. Each message waits for its own moment (the end of its
 * owner's quiet hours) and is sent by one activity; a refused or long-failing one goes to the
 * owner by e-mail instead.
 */
export async function teamNotifyQueue(input: NotifyQueueInput): Promise<void> {
  const pending = [...(input.pending ?? [])];
  const recent = [...(input.recent ?? [])];
  let sentAt = [...(input.sentAt ?? [])];
  let limits = input.limits;
  let blockedUntil = input.blockedUntil ?? 0;
  let delivered = 0;
  const known = new Set([...pending.map((p) => p.key), ...recent]);
  wf.setHandler(enqueueNotificationSignal, ({ item, limits: latest }) => {
    limits = latest;
    if (known.has(item.key)) return;
    known.add(item.key);
    pending.push(item);
  });
  wf.setHandler(notifyQueueQuery, () => ({ destination: input.destination, pending, delivered, blockedUntil: blockedUntil || undefined }));

  const { deliverTeamNotification } = wf.proxyActivities<Pick<Activities, 'deliverTeamNotification'>>({
    startToCloseTimeout: '30 seconds',
    heartbeatTimeout: input.heartbeatTimeout ?? '10 seconds',
    // A destination down for an hour: the message goes by e-mail instead.
    scheduleToCloseTimeout: '1 hour',
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
  });
  const { fallbackTeamNotification } = wf.proxyActivities<Pick<Activities, 'fallbackTeamNotification'>>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '15 minutes' },
  });

  const done = (item: QueuedNotification) => {
    pending.splice(pending.indexOf(item), 1);
    recent.push(item.key);
    if (recent.length > RECENT_KEYS) known.delete(recent.shift()!);
  };

  while (delivered < DELIVERIES_PER_RUN && !wf.workflowInfo().continueAsNewSuggested) {
    const now = Date.now();
    const next = pick(pending, now);
    if (!next) {
      if (!(await wf.condition(() => pending.length > 0, IDLE_MS)) && !pending.length) break;
      continue;
    }
    const allowed = Math.max(blockedUntil, nextAllowedAt(sentAt, limits, now));
    const target = Math.max(next.deliverAt, allowed);
    if (target > now) {
      // Wake early only for a message that could go before this one (an urgent alert in the night).
      await wf.condition(() => pending.some((p) => Math.max(p.deliverAt, allowed) < target), target - now);
      continue;
    }
    let reason: string | undefined;
    try {
      const result = await deliverTeamNotification({ key: next.key });
      if (result.outcome === 'rate-limited') {
        blockedUntil = Date.now() + result.retryAfterMs;
        continue;
      }
      if (result.outcome === 'sent') sentAt = pruneSent([...sentAt, Date.now()], limits, Date.now());
      if (result.outcome === 'rejected') reason = result.error;
    } catch (err) {
      if (wf.isCancellation(err)) throw err;
      reason = failureMessage(err);
    }
    if (reason !== undefined) await fallbackTeamNotification({ key: next.key, reason });
    done(next);
    delivered += 1;
  }
  await wf.condition(wf.allHandlersFinished);
  if (!pending.length && delivered < DELIVERIES_PER_RUN && !wf.workflowInfo().continueAsNewSuggested) return;
  await wf.continueAsNew<typeof teamNotifyQueue>({ ...input, limits, pending, recent: recent.slice(-RECENT_KEYS), sentAt, blockedUntil });
}
