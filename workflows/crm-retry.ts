import { ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';
import type { CrmRetryHint } from '../activities/crm-failures.js';
import type { CrmPushStatus } from './crm-state.js';
import { failureCause, failureMessage } from './failure-message.js';

/**
 * How often a CRM stage write is tried again: 1 s, doubling, at most a minute apart while the
 * write is young, so it lands within a minute of the CRM healing; five minutes apart once it has
 * waited half an hour, so a day-long outage costs each record a few hundred attempts, not
 * thousands. Never sooner than the CRM asked (Retry-After, a quota's reset). ±20 % jitter
 * (deterministic in workflow code) keeps leads that failed together from retrying together.
 */
export const CRM_RETRY = { firstMs: 1000, capMs: 60_000, patientAfterMs: 30 * 60_000, patientCapMs: 5 * 60_000 } as const;

/** How long a write may wait before the lead's errors say so too. */
export const CRM_LONG_WAIT_MS = 15 * 60_000;

/** The wait before a write's next attempt, by CRM_RETRY: `attempts` made so far, since `since`. */
export function nextAttemptDelay(status: Pick<CrmPushStatus, 'attempts' | 'since'>, now: number, retryAfterMs?: number): number {
  const cap = now - status.since < CRM_RETRY.patientAfterMs ? CRM_RETRY.capMs : CRM_RETRY.patientCapMs;
  const backoff = Math.min(cap, CRM_RETRY.firstMs * 2 ** Math.max(0, status.attempts - 1));
  return Math.max(Math.round(backoff * (0.8 + 0.4 * Math.random())), retryAfterMs ?? 0);
}

/**
 * What a failed CRM activity means for the lead, in the CRM's own words: the ActivityFailure's
 * cause, not its "Activity task failed".
 */
export function crmFailureOf(err: unknown): { message: string; retryAfterMs?: number } {
  const cause = failureCause(err);
  if (cause instanceof TimeoutFailure) return { message: 'no answer before the attempt timed out; the write may have landed, so the next attempt reads the record first' };
  if (cause instanceof ApplicationFailure) {
    const hint = cause.details?.[0] as CrmRetryHint | undefined;
    return { message: cause.message, retryAfterMs: typeof hint?.retryAfterMs === 'number' ? hint.retryAfterMs : undefined };
  }
  return { message: failureMessage(cause) };
}
