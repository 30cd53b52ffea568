import { SERVICES } from '../../domain/team-chat.js';
import type { TeamMessage } from '../message.js';
import { NotifyError, NotifyRateLimitError, NotifyRejectedError, type Notifier, type RateWindow, type SendOptions } from '../notifier.js';
import { postJson } from '../shared/post-json.js';
import { dingtalkPayload } from './payload.js';
import { dingtalkSign } from './sign.js';

/** 20 messages a minute per robot; one more and the robot is throttled for 10 minutes. */
export const DINGTALK_LIMITS: RateWindow[] = [{ max: 20, windowMs: 60_000 }];
const BLOCK_MS = 10 * 60_000;

const SEND_URL = 'https://oapi.dingtalk.com/robot/send';

/** The robot's address from the access_token alone or the whole webhook address, as copied. */
export function dingtalkSendUrl(tokenOrUrl: string): URL {
  const value = tokenOrUrl.trim();
  if (/^https?:\/\//.test(value)) return new URL(value);
  const url = new URL(SEND_URL);
  url.searchParams.set('access_token', value);
  return url;
}

function failure(errcode: number, errmsg: string): NotifyError {
  if (errcode === 130101) return new NotifyRateLimitError(`dingtalk: 130101 ${errmsg} (the robot is blocked for 10 minutes)`, BLOCK_MS);
  if (errcode === 310000) return new NotifyRejectedError(`dingtalk: 310000 ${errmsg}: check the SEC… secret, this server's clock, and the robot's keywords or IP list`, errcode);
  return new NotifyRejectedError(`dingtalk: ${errcode} ${errmsg}`, errcode);
}

/** A 钉钉 custom robot, signed when it has a secret (加签). */
export function dingtalkNotifier(opts: { accessToken: string; secret?: string; now?: () => number }): Notifier {
  const base = dingtalkSendUrl(opts.accessToken);
  const now = opts.now ?? Date.now;
  return {
    service: SERVICES.dingtalk,
    limits: DINGTALK_LIMITS,
    async send(message: TeamMessage, { signal }: SendOptions): Promise<void> {
      const url = new URL(base);
      if (opts.secret) {
        // A fresh timestamp per request: DingTalk allows one hour of difference.
        const timestamp = now();
        url.searchParams.set('timestamp', String(timestamp));
        url.searchParams.set('sign', dingtalkSign(opts.secret, timestamp));
      }
      const res = await postJson(url.toString(), dingtalkPayload(message), { signal });
      if (res.status >= 500 || res.status === 429) throw new NotifyError(`dingtalk: HTTP ${res.status}`, true);
      const errcode = Number(res.json?.errcode ?? NaN);
      if (res.status !== 200 || Number.isNaN(errcode)) throw new NotifyRejectedError(`dingtalk: HTTP ${res.status} ${res.text.slice(0, 200)}`);
      if (errcode !== 0) throw failure(errcode, String(res.json?.errmsg ?? ''));
    },
  };
}
