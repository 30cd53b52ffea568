import { CrmError, CrmRateLimitError } from '../errors.js';
import { httpJson } from '../shared/http.js';
import { windowLimiter } from '../shared/window-limiter.js';
import { hubspotError } from './api-errors.js';
import type { HubspotConfig } from './config.js';

export type HubspotMethod = 'GET' | 'POST' | 'PATCH';

/**
 * Authenticated, rate-limited JSON calls to the HubSpot API. One client per connection: the
 * limiter is per token, as HubSpot's limits are, and a 429 pauses every caller of the connection.
 */
export function hubspotClient(config: HubspotConfig) {
  const windowMs = config.rateWindowS * 1000;
  const limiter = windowLimiter({ max: config.rateMax, windowMs });

  /** The parsed 2xx body; throws the CrmError that any other answer means. */
  async function call(method: HubspotMethod, path: string, what: string, body?: unknown): Promise<unknown> {
    return limiter.run(async () => {
      const res = await httpJson(`${config.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${config.accessToken}` },
        body,
      });
      if (res.status >= 200 && res.status < 300) return res.json;
      const err = hubspotError(res, what, windowMs);
      if (err instanceof CrmRateLimitError) limiter.pause(err.retryAfterMs);
      throw err;
    });
  }

  return { call };
}

export type HubspotClient = ReturnType<typeof hubspotClient>;

/** A 2xx whose body is not the documented shape: a contract break, not worth retrying. */
export function unexpected(what: string, issues: string): CrmError {
  return new CrmError(`${what}: unexpected response from HubSpot (${issues})`, false);
}
