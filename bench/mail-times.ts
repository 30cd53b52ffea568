import type { SinkMessage } from '../test/helpers/smtp-sink.js';

/**
 * When each recipient's mails reached the sink, oldest first. The benchmarks read a journey's
 * timing from its mails, as its lead would: the sink's clock is the one the figures share.
 */
export function mailTimesByRecipient(messages: Pick<SinkMessage, 'envelopeTo' | 'receivedAt'>[]): Map<string, number[]> {
  const byLead = new Map<string, number[]>();
  for (const m of messages) {
    const to = m.envelopeTo[0]!;
    byLead.set(to, byLead.get(to) ?? []).get(to)!.push(m.receivedAt);
  }
  for (const times of byLead.values()) times.sort((a, b) => a - b);
  return byLead;
}

/**
 * How late each wait between two mails ended, in ms: the gap between consecutive mails to one
 * lead less the wait the sequence asked for. The send after the wait is included, because a lead
 * notices the mail, not the timer.
 */
export function waitLateness(byLead: Map<string, number[]>, waitMs: number): number[] {
  return [...byLead.values()].flatMap((at) => at.slice(1).map((t, i) => t - at[i]! - waitMs));
}

/** The most journeys that were in a wait at one moment: between one mail and the next to the same lead. */
export function peakConcurrentWaits(byLead: Map<string, number[]>): number {
  const edges = [...byLead.values()].flatMap((at) => at.slice(1).flatMap((t, i) => [[at[i]!, 1], [t, -1]] as const));
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, step] of edges) peak = Math.max(peak, (now += step));
  return peak;
}
