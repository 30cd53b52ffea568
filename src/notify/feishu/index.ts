import { SERVICES } from '../../domain/team-chat.js';
import type { TeamMessage } from '../message.js';
import { NotifyError, NotifyRateLimitError, NotifyRejectedError, type Notifier, type RateWindow, type SendOptions } from '../notifier.js';
import { postJson } from '../shared/post-json.js';
import { feishuPayload } from './payload.js';
import { feishuSign } from './sign.js';

/** 100 requests a minute and 5 a second per bot. */
export const FEISHU_LIMITS: RateWindow[] = [
  { max: 5, windowMs: 1_000 },
  { max: 100, windowMs: 60_000 },
];
/** 11232 (flow control) names no wait; the per-minute window is the longer one. */
const FLOW_WAIT_MS = 60_000;

const REASONS: Record<number, string> = {
  19021: 'the signature does not match: check the signing secret and this server’s clock',
  19022: 'this server’s IP address is not on the bot’s allow list',
  19024: 'the message lacks the bot’s keyword: set keyword on the destination in team.yaml',
};

/** A 飞书 / Lark custom bot (open.feishu.cn or open.larksuite.com), signed when it has a secret. */
export function feishuNotifier(opts: { webhook: string; secret?: string; now?: () => number }): Notifier {
  const now = opts.now ?? Date.now;
  return {
    service: SERVICES.feishu,
    limits: FEISHU_LIMITS,
    async send(message: TeamMessage, { signal }: SendOptions): Promise<void> {
      const body: Record<string, unknown> = { ...feishuPayload(message) };
      if (opts.secret) {
        const timestamp = Math.floor(now() / 1000);
        body.timestamp = String(timestamp);
        body.sign = feishuSign(opts.secret, timestamp);
      }
      const res = await postJson(opts.webhook.trim(), body, { signal });
      const code = Number(res.json?.code ?? res.json?.StatusCode ?? NaN);
      const msg = String(res.json?.msg ?? res.json?.StatusMessage ?? '');
      // Under load Feishu has answered HTTP 400 {"code":9499,"msg":"too many request"}.
      if (code === 11232 || (code === 9499 && /too many/i.test(msg)) || res.status === 429) throw new NotifyRateLimitError(`feishu: ${code} ${msg}`, FLOW_WAIT_MS);
      if (res.status >= 500) throw new NotifyError(`feishu: HTTP ${res.status}`, true);
      if (Number.isNaN(code)) throw new NotifyRejectedError(`feishu: HTTP ${res.status} ${res.text.slice(0, 200)}`);
      if (code !== 0) throw new NotifyRejectedError(`feishu: ${code} ${msg}${REASONS[code] ? `: ${REASONS[code]}` : ''}`, code);
    },
  };
}
