import { CrmAuthError, CrmConflictError, CrmError, CrmRateLimitError } from '../errors.js';
import { httpJson, retryAfterMs, throwForTransient, type HttpOptions, type HttpResponse } from '../shared/http.js';
import { tokenCache } from '../shared/token-cache.js';
import { windowLimiter } from '../shared/window-limiter.js';
import { refreshSession, wrongDataCentreMessage, type ZohoSession } from './auth.js';
import type { ZohoConfig } from './config.js';
import { apiErrorSchema } from './responses.js';

/** Zoho sends no Retry-After on most 429s; its concurrency slots free up within seconds. */
const DEFAULT_RETRY_AFTER_MS = 10_000;

export interface CallOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

export type ZohoCall = (method: NonNullable<HttpOptions['method']>, path: string, opts?: CallOptions) => Promise<HttpResponse>;

export interface ZohoClient {
  /**
   * One call to `{api_domain}/crm/{version}{path}`. Throws for what no caller can act on
   * (auth, 429, 5xx, 412); returns every other answer, 204/304 and per-record errors included.
   */
  call: ZohoCall;
  /** The API host of the current token (refreshing one if needed). */
  apiDomain(): Promise<string>;
  tokenRefreshes(): number;
}

function isInvalidToken(res: HttpResponse): boolean {
  return res.status === 401 && apiErrorSchema.safeParse(res.json).data?.code === 'INVALID_TOKEN';
}

function errorCode(res: HttpResponse): string {
  const parsed = apiErrorSchema.safeParse(res.json);
  return parsed.success ? `${parsed.data.code}${parsed.data.message ? ` (${parsed.data.message})` : ''}` : `HTTP ${res.status}`;
}

/** Auth, limits and Zoho's HTTP-level errors, shared by every call of one connection. */
export function zohoClient(config: ZohoConfig, opts: { now?: () => number } = {}): ZohoClient {
  let lastDomain: string | undefined;
  const tokens = tokenCache<ZohoSession>(
    async () => {
      const token = await refreshSession(config, lastDomain);
      lastDomain = token.value.apiDomain;
      return token;
    },
    // Refresh five minutes early and never trust a token past Zoho's documented hour.
    { refreshEarlyMs: 5 * 60_000, maxAgeMs: 60 * 60_000, now: opts.now },
  );
  // Zoho limits concurrent calls per org, not calls per second (credits are per day). The
  // limiter keeps wall-clock time: its pauses are real waits, whatever clock the tokens use.
  const limiter = windowLimiter({ max: Number.MAX_SAFE_INTEGER, windowMs: 1000, concurrency: config.rateConcurrency });

  function send(session: ZohoSession, method: NonNullable<HttpOptions['method']>, path: string, o: CallOptions): Promise<HttpResponse> {
    const url = new URL(`${session.apiDomain}/crm/${config.apiVersion}${path}`);
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return httpJson(url.toString(), { method, body: o.body, headers: { ...o.headers, authorization: `Zoho-oauthtoken ${session.accessToken}` } });
  }

  const call: ZohoCall = (method, path, o = {}) =>
    limiter.run(async () => {
      const what = `Zoho ${method} ${path}`;
      let session = await tokens.get();
      let res = await send(session, method, path, o);
      if (isInvalidToken(res)) {
        // Expired early, revoked, or refreshed elsewhere: one fresh token, one more try.
        tokens.invalidate(session);
        session = await tokens.get();
        res = await send(session, method, path, o);
        if (isInvalidToken(res)) throw new CrmAuthError(wrongDataCentreMessage(config, session.apiDomain));
      }
      if (res.status === 429) {
        const wait = retryAfterMs(res.headers['retry-after']) ?? DEFAULT_RETRY_AFTER_MS;
        limiter.pause(wait);
        throw new CrmRateLimitError(`${what}: ${errorCode(res)}`, wait);
      }
      throwForTransient(res, what);
      if (res.status === 412) throw new CrmConflictError(`${what}: ${errorCode(res)}: the record changed after If-Unmodified-Since`);
      if (res.status === 401 || res.status === 403) {
        throw new CrmAuthError(`${what}: ${errorCode(res)}: the client lacks a scope (see connectors/zoho/config.ts) or the user lacks a permission`);
      }
      return res;
    });

  return {
    call,
    apiDomain: async () => (await tokens.get()).apiDomain,
    tokenRefreshes: () => tokens.refreshes,
  };
}

/**
 * For answers the caller did not expect: a 4xx with Zoho's `{code, message, details}` is a
 * request this connector built wrong or a setting that is wrong, neither fixed by retrying.
 */
export function unexpected(res: HttpResponse, what: string): CrmError {
  return new CrmError(`${what}: unexpected answer ${res.status} ${errorCode(res)}`, false);
}
