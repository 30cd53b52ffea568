import type { QueueRateWindow } from './team-messages.js';

/** A second of margin on each window: the vendor's clock and ours never agree to the millisecond. */
export const WINDOW_MARGIN_MS = 1_000;

/**
 * The earliest instant a message may go out under every window, given when the last ones went
 * (ascending). Pure, so the queue decides the same way on replay.
 */
export function nextAllowedAt(sentAt: number[], limits: QueueRateWindow[], now: number): number {
  let at = now;
  for (const { max, windowMs } of limits) {
    if (sentAt.length < max) continue;
    // The max-th most recent send must have left the window.
    at = Math.max(at, sentAt[sentAt.length - max]! + windowMs + WINDOW_MARGIN_MS);
  }
  return at;
}

/** Sends older than every window no longer count; the list stays short. */
export function pruneSent(sentAt: number[], limits: QueueRateWindow[], now: number): number[] {
  const longest = Math.max(0, ...limits.map((l) => l.windowMs + WINDOW_MARGIN_MS));
  const keep = Math.max(0, ...limits.map((l) => l.max));
  return sentAt.filter((t) => t > now - longest).slice(-keep);
}
