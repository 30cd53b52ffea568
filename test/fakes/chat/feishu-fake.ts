import { createHmac } from 'node:crypto';
import { recentCount, startChatFake, type ChatFake, type FakeReply } from './chat-fake-server.js';

const HOUR_S = 3600;
const fail = (robot: string, code: number, msg: string, status = 200): FakeReply => ({ status, body: { code, msg, data: {} }, refused: { robot, code, reason: msg } });

export interface FeishuBot {
  id: string;
  /** 签名校验: `timestamp` (s) and `sign` in the body, the key being `timestamp\nsecret`. */
  secret?: string;
  keywords?: string[];
}

/**
 * 飞书's custom bot: `POST /open-apis/bot/v2/hook/<id>`, the signature in the body (HMAC-SHA256
 * with `timestamp + "\n" + secret` as the key over an empty message, Base64, within an hour);
 * 19021 for a bad signature, 19024 for a missing keyword; 5 a second and 100 a minute, else 11232;
 * a body over 20 KB refused; interactive messages carry `card` at the top. `<at id=ou_…>` notifies.
 */
export async function startFeishuFake(bots: FeishuBot[]): Promise<ChatFake & { address(id: string): string }> {
  const fake = await startChatFake(({ url, json, raw, now }, self) => {
    const id = url.pathname.replace('/open-apis/bot/v2/hook/', '');
    const bot = bots.find((b) => b.id === id);
    if (!url.pathname.startsWith('/open-apis/bot/v2/hook/') || !bot) return fail(id, 19001, 'param invalid: incoming webhook access token invalid', 400);
    if (!json) return fail(id, 9499, 'Bad Request', 400);
    if (Buffer.byteLength(raw) > 20 * 1024) return fail(id, 9499, 'Bad Request: request body too large', 400);
    if (bot.secret) {
      const timestamp = Number(json.timestamp);
      const expected = createHmac('sha256', `${json.timestamp}\n${bot.secret}`).update('').digest('base64');
      if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > HOUR_S || json.sign !== expected) return fail(id, 19021, 'sign match fail or timestamp is not within one hour from current time');
    }
    if (recentCount(self, id, 1_000, now) >= 5 || recentCount(self, id, 60_000, now) >= 100) return fail(id, 11232, 'frequency limited psm[lark.oapi.app_platform_runtime]appID[1]');
    if (json.msg_type === 'interactive' && !json.card) return fail(id, 9499, 'Bad Request: card is required', 400);
    if (!['text', 'post', 'image', 'share_chat', 'interactive'].includes(json.msg_type as string)) return fail(id, 9499, 'Bad Request', 400);
    const text = JSON.stringify(json.card ?? json.content ?? '');
    if (bot.keywords?.length && !bot.keywords.some((k) => text.includes(k))) return fail(id, 19024, 'Key Words Not Found');
    const notified = [...text.matchAll(/<at (?:user_)?id=\\?"?(ou_[A-Za-z0-9]+)/g)].map((m) => m[1]!);
    return { status: 200, body: { StatusCode: 0, StatusMessage: 'success', code: 0, data: {}, msg: 'success' }, posted: { robot: id, body: json, notified } };
  });
  return Object.assign(fake, { address: (id: string) => `${fake.url}/open-apis/bot/v2/hook/${id}` });
}
