import { CrmAuthError, CrmError, CrmQuotaError, CrmRateLimitError, CrmRecordError } from '../errors.js';

/** The `errorCode`s leadflow acts on (api-evangelist fxiaoke problem types; HTTP status is 200 for all). */
export const FXIAOKE_CODES = {
  ok: 0,
  systemBusy: -1,
  systemError: -2,
  callLimit: 14001,
  perSecondLimit: 30004,
  dailyQuotaExhausted: 30002,
  noQuotaPurchased: 30003,
  tokenExpired: 20016,
  corpIdNotFound: 20017,
  offsetOrLimit: 10013,
} as const;

const PERMISSION_CODES = new Set([20017, 15003, 20014, 20020, 20021, 20022, 20023]);

const DAY_MS = 86_400_000;
// China has had no daylight saving time since 1991, so Asia/Shanghai is always UTC+08:00.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The next 00:00 in Asia/Shanghai after `nowMs`: when Fxiaoke's daily Open API quota resets. */
export function nextShanghaiMidnight(nowMs: number): Date {
  const localDayStart = Math.floor((nowMs + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS;
  return new Date(localDayStart + DAY_MS - SHANGHAI_OFFSET_MS);
}

/**
 * What a non-zero `errorCode` means for the caller. The message echoes Fxiaoke's `errorMessage`
 * for people, but decisions rest on the code alone: the wording changes between releases.
 */
export function fxiaokeError(what: string, code: number, errorMessage: string | undefined, ctx: { nowMs: number; windowMs: number }): CrmError {
  const said = `${what}: Fxiaoke errorCode ${code}${errorMessage ? ` (${errorMessage})` : ''}`;
  switch (code) {
    case FXIAOKE_CODES.perSecondLimit:
    case FXIAOKE_CODES.callLimit:
      // No Retry-After exists; one limiter window is long enough for the per-interface count to drain.
      return new CrmRateLimitError(`${said}: rate limited`, ctx.windowMs);
    case FXIAOKE_CODES.dailyQuotaExhausted:
      return new CrmQuotaError(`${said}: the daily Open API quota is used up; it resets at midnight Asia/Shanghai`, nextShanghaiMidnight(ctx.nowMs));
    case FXIAOKE_CODES.noQuotaPurchased:
      return new CrmQuotaError(`${said}: the tenant has no Open API quota; buy an Open API call pack (开放平台接口调用包) in Fxiaoke`, undefined);
    case FXIAOKE_CODES.systemBusy:
    case FXIAOKE_CODES.systemError:
      return new CrmError(`${said}: Fxiaoke is busy or failing`, true);
  }
  if (PERMISSION_CODES.has(code)) {
    return new CrmAuthError(`${said}: permission denied; check FXIAOKE_USER_ID (a CRM admin) and the app's scopes in the Fxiaoke admin console`);
  }
  return new CrmRecordError(said, String(code));
}
