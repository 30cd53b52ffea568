import { ApplicationFailure } from '@temporalio/activity';
import { CrmAuthError, CrmQuotaError, CrmRateLimitError, CrmRecordError } from '../connectors/errors.js';

const AUTH_RETRY_MS = 5 * 60_000;
const QUOTA_RETRY_MS = 60 * 60_000;

/**
 * What a failed CRM call asks of the caller, in the failure's details: the SDK does not hand
 * `nextRetryDelay` back to workflow code, and workflows that retry by themselves need it.
 */
export interface CrmRetryHint {
  retryAfterMs?: number;
}

/** How long a failure says to wait: the vendor's Retry-After, a quota's reset, a person fixing credentials. */
function retryAfterMs(err: unknown): number | undefined {
  if (err instanceof CrmRateLimitError) return err.retryAfterMs;
  // A quota with no known reset (HubSpot's daily one, Fxiaoke's unpurchased one) is tried hourly.
  if (err instanceof CrmQuotaError) return err.resetsAt ? Math.max(1000, err.resetsAt.getTime() - Date.now()) : QUOTA_RETRY_MS;
  if (err instanceof CrmAuthError) return AUTH_RETRY_MS;
  return undefined;
}

/**
 * How a CRM failure retries. Only the CRM's explicit refusal of the record (CrmRecordError: Zoho's
 * per-record codes, HubSpot's 4xx, an unknown Fxiaoke `errorCode`) stops retrying: everything
 * else (limits, 5xx, timeouts, cut connections, answers that are not the vendor's shape, such as
 * a gateway's HTML page with status 200) is temporary until proven otherwise, and its message
 * says what the CRM answered.
 */
export function crmFailure(err: unknown): never {
  if (err instanceof CrmRecordError) throw ApplicationFailure.nonRetryable(err.message, err.name, { code: err.code });
  if (!(err instanceof Error)) throw err;
  const wait = retryAfterMs(err);
  const hint: CrmRetryHint = { retryAfterMs: wait };
  throw ApplicationFailure.create({ message: err.message, type: err.name, nextRetryDelay: wait, details: [hint] });
}
