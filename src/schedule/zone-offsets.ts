import { DateTime } from 'luxon';

// A zone's clock as pieces of constant UTC offset. Within a piece the wall clock is the instant
// plus the offset, so wall-clock rules (send windows, quiet hours) can be solved exactly on each
// piece, and each pass of a repeated hour is its own piece. No assumption is made about how long a
// transition is (Lord Howe moves 30 minutes) or where it falls. Depends on the machine's tz data:
// only activities call it.

export const DAY_MS = 86_400_000;
const STEP_MS = 6 * 3_600_000; // no zone changes its offset twice within 6 hours

/** A stretch of time with one UTC offset: `[start, end)` in epoch ms, and the offset in ms. */
export interface OffsetPiece {
  start: number;
  end: number;
  offsetMs: number;
}

export function offsetAt(zone: string, instant: number): number {
  return DateTime.fromMillis(instant, { zone }).offset * 60_000;
}

/** The zone's pieces from `from` on, in order, for as long as the caller keeps asking. */
export function* offsetPieces(zone: string, from: number): Generator<OffsetPiece> {
  let start = from;
  let offset = offsetAt(zone, start);
  for (;;) {
    const probe = start + STEP_MS;
    if (offsetAt(zone, probe) === offset) {
      yield { start, end: probe, offsetMs: offset };
      start = probe;
      continue;
    }
    // The first millisecond of the new offset lies in (start, probe].
    let [lo, hi] = [start, probe];
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(zone, mid) === offset) lo = mid;
      else hi = mid;
    }
    yield { start, end: hi, offsetMs: offset };
    start = hi;
    offset = offsetAt(zone, hi);
  }
}

/**
 * The first instant the wall clock reads `localMs` (a wall-clock time as epoch ms of the local
 * calendar), or, when the clock skips it, the instant it jumps past it.
 */
export function firstInstantAt(zone: string, localMs: number): number {
  for (const piece of offsetPieces(zone, localMs - 15 * 3_600_000)) {
    const candidate = localMs - piece.offsetMs;
    if (candidate >= piece.start && candidate < piece.end) return candidate;
    if (piece.start + piece.offsetMs > localMs) return piece.start;
  }
  throw new Error('unreachable');
}

/** `YYYY-MM-DD` of a local day number (days since 1970-01-01 on the local calendar). */
export const dateOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Minutes since midnight of `HH:MM` (`24:00` is 1440). */
export const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
