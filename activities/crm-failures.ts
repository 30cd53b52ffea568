import { ApplicationFailure } from '@temporalio/activity';
import { CrmAuthError, CrmError, CrmQuotaError, CrmRateLimitError } from '../connectors/errors.js';

const AUTH_RETRY_MS = 5 * 60_000;
const QUOTA_RETRY_MS = 60 * 60_000;

/**
 * How a CRM failure retries: after the vendor's Retry-After, after a quota resets, slowly while a
 * person fixes credentials, at once for transient faults; never for a refused record.
 */
export function crmFailure(err: unknown): never {
  if (err instanceof CrmRateLimitError) throw ApplicationFailure.create({ message: err.message, type: err.name, nextRetryDelay: err.retryAfterMs });
  // A quota with no known reset (HubSpot's daily one, Fxiaoke's unpurchased one) is tried hourly.
  if (err instanceof CrmQuotaError) {
    const wait = err.resetsAt ? Math.max(1000, err.resetsAt.getTime() - Date.now()) : QUOTA_RETRY_MS;
    throw ApplicationFailure.create({ message: err.message, type: err.name, nextRetryDelay: wait });
  }
  if (err instanceof CrmAuthError) throw ApplicationFailure.create({ message: err.message, type: err.name, nextRetryDelay: AUTH_RETRY_MS });
  if (err instanceof CrmError && !err.retryable) throw ApplicationFailure.nonRetryable(err.message, err.name);
  throw err;
}
