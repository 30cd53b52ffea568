import { z } from 'zod';
import { CrmAuthError, CrmError, CrmQuotaError, CrmRateLimitError, CrmRecordError } from '../errors.js';
import { retryAfterMs, type HttpResponse } from '../shared/http.js';

/**
 * HubSpot's error body: `{status:"error", message, correlationId, category, errors?, …}`; a 429 adds
 * `errorType:"RATE_LIMIT"` and `policyName` (`TEN_SECONDLY_ROLLING`, `SECONDLY`, `DAILY`).
 */
export const hubspotErrorSchema = z.looseObject({
  status: z.string().optional(),
  message: z.string().optional(),
  category: z.string().optional(),
  correlationId: z.string().optional(),
  errorType: z.string().optional(),
  policyName: z.string().optional(),
});
export type HubspotErrorBody = z.infer<typeof hubspotErrorSchema>;

const POLICY_WINDOW_MS: Record<string, number> = { TEN_SECONDLY_ROLLING: 10_000, SECONDLY: 1_000 };

function header(res: HttpResponse, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * How long to wait after a 429: `Retry-After` when HubSpot sends one, else the rolling window of
 * `X-HubSpot-RateLimit-Interval-Milliseconds` or of the policy: once a whole window has passed,
 * every call that filled it has left it. `fallbackMs` is our own limiter's window.
 */
export function rateLimitWaitMs(res: HttpResponse, body: HubspotErrorBody, fallbackMs: number): number {
  const interval = Number(header(res, 'x-hubspot-ratelimit-interval-milliseconds'));
  return (
    retryAfterMs(res.headers['retry-after']) ??
    (Number.isFinite(interval) && interval > 0 ? interval : undefined) ??
    POLICY_WINDOW_MS[body.policyName ?? ''] ??
    fallbackMs
  );
}

/** The CrmError a non-2xx HubSpot answer means; `what` names the call, never the token. */
export function hubspotError(res: HttpResponse, what: string, fallbackWindowMs: number): CrmError {
  const parsed = hubspotErrorSchema.safeParse(res.json);
  const body: HubspotErrorBody = parsed.success ? parsed.data : {};
  const detail = body.message ?? res.text.slice(0, 300);
  const message = `${what}: ${res.status}${body.category ? ` ${body.category}` : ''}${detail ? `: ${detail}` : ''}`;
  if (res.status === 401 || res.status === 403) return new CrmAuthError(message);
  if (res.status === 429) {
    // The daily quota is portal-wide and resets at midnight in the portal's time zone, which the
    // API does not tell us: waiting seconds and retrying only burns the next day's calls.
    if (body.policyName === 'DAILY' || header(res, 'x-hubspot-ratelimit-daily-remaining') === '0') return new CrmQuotaError(message, undefined);
    return new CrmRateLimitError(message, rateLimitWaitMs(res, body, fallbackWindowMs));
  }
  if (res.status >= 500) return new CrmError(message, true);
  if (res.status === 404) return new CrmRecordError(message, 'NOT_FOUND', body);
  return new CrmRecordError(message, body.category ?? `HTTP_${res.status}`, parsed.success ? body : res.text.slice(0, 1000));
}
