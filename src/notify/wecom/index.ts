import { SERVICES } from '../../domain/team-chat.js';
import type { TeamMessage } from '../message.js';
import { NotifyError, NotifyRateLimitError, NotifyRejectedError, type Notifier, type RateWindow, type SendOptions } from '../notifier.js';
import { postJson } from '../shared/post-json.js';
import { wecomPayload } from './payload.js';

/** 20 messages a minute per robot (doc 91770 §消息发送频率限制). */
export const WECOM_LIMITS: RateWindow[] = [{ max: 20, windowMs: 60_000 }];

const SEND_URL = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send';
/** 45009 names no wait; the limit is per minute. */
const FREQ_WAIT_MS = 60_000;

/**
 * The robot's address from what the operator pasted: the key alone, or the whole webhook address
 * (people paste the address where a key is asked for, and WeCom answers 93000; take either).
 */
export function wecomSendUrl(keyOrUrl: string): string {
  const value = keyOrUrl.trim();
  if (/^https?:\/\//.test(value)) return value;
  return `${SEND_URL}?key=${encodeURIComponent(value)}`;
}

/** What an errcode means for the operator, who reads it in `team check` and the logs. */
function failure(errcode: number, errmsg: string): NotifyError {
  if (errcode === 45009) return new NotifyRateLimitError(`wecom: ${errcode} ${errmsg}`, FREQ_WAIT_MS);
  if (errcode === 93000) return new NotifyRejectedError('wecom: 93000 invalid webhook url: the robot was removed, or the variable holds neither its key nor its webhook address', errcode);
  if (errcode === -1) return new NotifyError(`wecom: -1 system busy (${errmsg})`, true);
  return new NotifyRejectedError(`wecom: ${errcode} ${errmsg}`, errcode);
}

/** A 企业微信 group robot. */
export function wecomNotifier(opts: { key: string }): Notifier {
  const url = wecomSendUrl(opts.key);
  return {
    service: SERVICES.wecom,
    limits: WECOM_LIMITS,
    async send(message: TeamMessage, { signal }: SendOptions): Promise<void> {
      const res = await postJson(url, wecomPayload(message), { signal });
      if (res.status >= 500 || res.status === 429) throw new NotifyError(`wecom: HTTP ${res.status}`, true);
      const errcode = Number(res.json?.errcode ?? NaN);
      if (res.status !== 200 || Number.isNaN(errcode)) throw new NotifyRejectedError(`wecom: HTTP ${res.status} ${res.text.slice(0, 200)}`);
      if (errcode !== 0) throw failure(errcode, String(res.json?.errmsg ?? ''));
    },
  };
}
