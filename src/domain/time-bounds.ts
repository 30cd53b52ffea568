import { z } from 'zod';

/**
 * How far ahead of our clock an outside time may be. Clocks of CRMs and senders drift by minutes;
 * a time further ahead is wrong, and ordering by it would freeze a lead's stage: every later change
 * would look older than the one applied.
 */
export const MAX_AHEAD_MS = 86_400_000;

/** More than a day ahead of `now`. */
export function isFarFuture(ms: number, now = Date.now()): boolean {
  return ms > now + MAX_AHEAD_MS;
}

export const FAR_FUTURE_PROBLEM = 'must not be more than 1 day in the future';

/** An ISO 8601 instant from outside, at most a day ahead; built anew on each call (for journeyValidators, src/domain/journey-validators.ts). */
export const buildBoundedInstantSchema = () =>
  z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset' }).refine((value) => !isFarFuture(Date.parse(value)), FAR_FUTURE_PROBLEM);
/** An ISO 8601 instant from outside, at most a day ahead. */
export const boundedInstantSchema = buildBoundedInstantSchema();

/** An outside instant, or `now` where it lies more than a day ahead: for sources that cannot be told (polls, vendor webhooks). */
export function clampFuture(value: string | undefined, now = Date.now()): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  return isFarFuture(ms, now) ? new Date(now).toISOString() : value;
}
