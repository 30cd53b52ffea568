/** Errors every connector speaks, so activities can decide: retry, wait, or give up. */

export class CrmError extends Error {
  override name = 'CrmError';
  constructor(
    message: string,
    /** Worth retrying as is (5xx, timeouts, a token refreshed meanwhile). */
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Slow down: retry after the vendor's `Retry-After`, or the limiter's estimate. */
export class CrmRateLimitError extends CrmError {
  override name = 'CrmRateLimitError';
  constructor(message: string, readonly retryAfterMs: number) {
    super(message, true);
  }
}

/** A quota that resets at a known time (Fxiaoke's daily quota): retrying before then is pointless. */
export class CrmQuotaError extends CrmError {
  override name = 'CrmQuotaError';
  constructor(message: string, readonly resetsAt: Date | undefined) {
    super(message, false);
  }
}

/** Credentials are wrong, revoked, or for another data centre: a person must act. */
export class CrmAuthError extends CrmError {
  override name = 'CrmAuthError';
  constructor(message: string) {
    super(message, false);
  }
}

/** The CRM refused this record's write (Zoho per-record `INVALID_DATA`, …): retrying changes nothing. */
export class CrmRecordError extends CrmError {
  override name = 'CrmRecordError';
  constructor(message: string, readonly code: string, readonly details?: unknown) {
    super(message, false);
  }
}

/** The record changed since we last saw it (Zoho `ALREADY_MODIFIED`): a newer value wins. */
export class CrmConflictError extends CrmError {
  override name = 'CrmConflictError';
  constructor(message: string) {
    super(message, false);
  }
}

/** An inbound body that does not have the vendor's shape: answer 400. */
export class CrmInboundError extends Error {
  override name = 'CrmInboundError';
}
