import { z } from 'zod';
import { CrmAuthError, CrmError, CrmQuotaError, CrmRateLimitError } from '../errors.js';
import { httpJson, throwForTransient } from '../shared/http.js';
import { tokenCache, type Token } from '../shared/token-cache.js';
import { windowLimiter } from '../shared/window-limiter.js';
import type { FxiaokeConfig } from './config.js';
import { FXIAOKE_CODES, fxiaokeError } from './error-codes.js';

/** Every Fxiaoke answer, success or not: HTTP 200 and an `errorCode`. */
const envelopeSchema = z.looseObject({ errorCode: z.number().int(), errorMessage: z.string().optional() });
type Envelope = z.infer<typeof envelopeSchema>;

const corpTokenSchema = z.object({
  corpAccessToken: z.string().min(1),
  corpId: z.string().min(1),
  /** Seconds; the SDKs say "0~7200": what is left of the current token. */
  expiresIn: z.number().nonnegative(),
});
type CorpToken = Pick<z.infer<typeof corpTokenSchema>, 'corpAccessToken' | 'corpId'>;

export const TOKEN_PATH = '/cgi/corpAccessToken/get/V2';
/** Fxiaoke hands out the same token for 6600 of its 7200 s, then a new one. */
const TOKEN_MAX_AGE_MS = 6_600_000;

/** Preset objects live under `/cgi/crm/v2/data/*`, custom ones (`…__c`) under `/cgi/crm/custom/v2/data/*`. */
export function dataPath(object: string, op: 'create' | 'update' | 'query' | 'get'): string {
  return object.endsWith('__c') ? `/cgi/crm/custom/v2/data/${op}` : `/cgi/crm/v2/data/${op}`;
}

/**
 * Legacy-style Fxiaoke calls: `corpAccessToken`, `corpId` and `currentOpenUserId` at the top of
 * every JSON body, the token cached and refreshed single-flight (the token endpoint allows no
 * concurrent calls and ten a minute), calls paced by a window limiter, `errorCode` turned into
 * leadflow's errors, and a token Fxiaoke calls expired (20016) replaced once and the call retried once.
 */
export function fxiaokeClient(config: FxiaokeConfig, opts: { now?: () => number } = {}) {
  const now = opts.now ?? Date.now;
  // The limiter sleeps on real timers, so it keeps real time even when a test moves `now`.
  const limiter = windowLimiter({ max: config.rateMax, windowMs: config.rateWindowMs });
  const tokens = tokenCache<CorpToken>(fetchToken, { refreshEarlyMs: 60_000, maxAgeMs: TOKEN_MAX_AGE_MS, now });

  async function post(path: string, body: Record<string, unknown>): Promise<Envelope> {
    const what = `Fxiaoke ${path}`;
    const res = await httpJson(`${config.baseUrl}${path}`, { method: 'POST', body });
    throwForTransient(res, what);
    const answer = envelopeSchema.safeParse(res.json);
    if (!answer.success) {
      throw new CrmError(`${what}: HTTP ${res.status} without a Fxiaoke JSON answer; is FXIAOKE_BASE_URL (${config.baseUrl}) the tenant's open API host?`, false);
    }
    return answer.data;
  }

  function errorOf(path: string, answer: Envelope): CrmError {
    return fxiaokeError(`Fxiaoke ${path}`, answer.errorCode, answer.errorMessage, { nowMs: now(), windowMs: config.rateWindowMs });
  }

  async function fetchToken(): Promise<Token<CorpToken>> {
    const answer = await post(TOKEN_PATH, { appId: config.appId, appSecret: config.appSecret, permanentCode: config.permanentCode });
    if (answer.errorCode !== FXIAOKE_CODES.ok) {
      const err = errorOf(TOKEN_PATH, answer);
      if (err.retryable || err instanceof CrmQuotaError) throw err;
      throw new CrmAuthError(`Fxiaoke ${TOKEN_PATH}: refused with errorCode ${answer.errorCode}; check FXIAOKE_APP_ID, FXIAOKE_APP_SECRET and FXIAOKE_PERMANENT_CODE`);
    }
    const token = corpTokenSchema.safeParse(answer);
    if (!token.success) throw new CrmError(`Fxiaoke ${TOKEN_PATH}: errorCode 0 but no corpAccessToken/corpId/expiresIn`, true);
    return { value: { corpAccessToken: token.data.corpAccessToken, corpId: token.data.corpId }, expiresInMs: token.data.expiresIn * 1000 };
  }

  async function attempt(path: string, token: CorpToken, fields: Record<string, unknown>): Promise<Envelope> {
    try {
      return await limiter.run(() => post(path, { ...token, currentOpenUserId: config.userId, ...fields }));
    } catch (err) {
      if (err instanceof CrmRateLimitError) limiter.pause(err.retryAfterMs);
      throw err;
    }
  }

  /** One call; `fields` sit next to the auth fields at the top of the body. The answer is read with `schema`. */
  async function call<T>(path: string, fields: Record<string, unknown>, schema: z.ZodType<T>): Promise<T> {
    let token = await tokens.get();
    let answer = await attempt(path, token, fields);
    if (answer.errorCode === FXIAOKE_CODES.tokenExpired) {
      tokens.invalidate(token);
      token = await tokens.get();
      answer = await attempt(path, token, fields);
      if (answer.errorCode === FXIAOKE_CODES.tokenExpired) {
        tokens.invalidate(token);
        throw new CrmError(`Fxiaoke ${path}: a freshly issued corpAccessToken was rejected too (errorCode 20016)`, true);
      }
    }
    if (answer.errorCode !== FXIAOKE_CODES.ok) {
      const err = errorOf(path, answer);
      if (err instanceof CrmRateLimitError) limiter.pause(err.retryAfterMs);
      throw err;
    }
    const parsed = schema.safeParse(answer);
    if (!parsed.success) {
      throw new CrmError(`Fxiaoke ${path}: errorCode 0 but an unexpected answer: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, false);
    }
    return parsed.data;
  }

  return {
    call,
    /** How many times a token was fetched: for tests and metrics. */
    tokenRefreshes: () => tokens.refreshes,
  };
}

export type FxiaokeClient = ReturnType<typeof fxiaokeClient>;
