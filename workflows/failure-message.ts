import { ActivityFailure } from '@temporalio/workflow';

/**
 * The failure behind an activity's error, in its own words. Temporal wraps what an activity threw
 * in an ActivityFailure, whose message for a full activity is only "Activity task failed"; a
 * lead's errors, a rep's alert and a CRM write's status must say what went wrong instead.
 */
export function failureCause(err: unknown): unknown {
  return err instanceof ActivityFailure && err.cause ? err.cause : err;
}

/** {@link failureCause}'s message: what a lead's errors and the team's fallback notices show. */
export function failureMessage(err: unknown): string {
  const cause = failureCause(err);
  return cause instanceof Error ? cause.message : String(cause);
}
