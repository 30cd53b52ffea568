import { createHmac } from 'node:crypto';
import { recentCount, startChatFake, type ChatFake, type FakeReply } from './chat-fake-server.js';

const LIMIT_PER_MINUTE = 20;
const BLOCK_MS = 10 * 60_000;
const HOUR_MS = 3_600_000;
const fail = (robot: string, errcode: number, errmsg: string): FakeReply => ({ status: 200, body: { errcode, errmsg }, refused: { robot, code: errcode, reason: errmsg } });

export interface DingtalkRobot {
  token: string;
  /** 加签: requests must carry a fresh timestamp (ms, within an hour of the fake's real clock) and its signature. */
  secret?: string;
  /** 自定义关键词: the message must contain one. */
  keywords?: string[];
}

/**
 * 钉钉's custom robot: `POST /robot/send?access_token=…[&timestamp&sign]`; the signature checked
 * independently of the notifier (HMAC-SHA256 keyed with the secret over `timestamp\nsecret`,
 * Base64, URL-encoded once, 1-hour validity on the real clock); 310000 for a bad signature, stale
 * timestamp or missing keyword; 20 messages a minute, then 130101 and a 10-minute block on the
 * fake's clock; 460101 over 20,000 bytes. An `@` notifies only when the text holds `@<mobile>`
 * or `@<userId>` too.
 */
export async function startDingtalkFake(robots: DingtalkRobot[]): Promise<ChatFake & { address(token: string): string; blockedUntil: Map<string, number> }> {
  const blockedUntil = new Map<string, number>();
  const fake = await startChatFake(({ url, json, raw, now }, self) => {
    const token = url.searchParams.get('access_token') ?? '';
    const robot = robots.find((r) => r.token === token);
    if (url.pathname !== '/robot/send' || !robot) return fail(token, 300001, 'token is not exist');
    if (robot.secret) {
      const timestamp = Number(url.searchParams.get('timestamp'));
      const sign = url.searchParams.get('sign') ?? '';
      if (!Number.isFinite(timestamp) || Math.abs(Date.now() - timestamp) > HOUR_MS) return fail(token, 310000, 'invalid timestamp');
      const expected = createHmac('sha256', robot.secret).update(`${timestamp}\n${robot.secret}`).digest('base64');
      if (sign !== expected) return fail(token, 310000, 'sign not match');
    }
    if (Buffer.byteLength(raw) > 20_000) return fail(token, 460101, 'body 大小不合法;请保持大小在 20000bytes 以内');
    if ((blockedUntil.get(token) ?? 0) > now) return fail(token, 130101, 'send too fast, exceed 20 times per minute');
    if (recentCount(self, token, 60_000, now) >= LIMIT_PER_MINUTE) {
      blockedUntil.set(token, now + BLOCK_MS);
      return fail(token, 130101, 'send too fast, exceed 20 times per minute');
    }
    if (!json) return fail(token, 400, 'invalid json');
    const type = json.msgtype as string;
    const part = (json[type] ?? {}) as { title?: string; text?: string; content?: string };
    const text = type === 'text' ? part.content : part.text;
    if (!['text', 'markdown', 'actionCard', 'link', 'feedCard'].includes(type) || typeof text !== 'string' || !text) return fail(token, 40035, 'missing parameter');
    if (robot.keywords?.length && !robot.keywords.some((k) => `${part.title ?? ''}${text}`.includes(k))) return fail(token, 310000, 'keywords not in content');
    const at = (json.at ?? {}) as { atMobiles?: string[]; atUserIds?: string[] };
    const notified = [...(at.atMobiles ?? []), ...(at.atUserIds ?? [])].filter((id) => text.includes(`@${id}`));
    return { status: 200, body: { errcode: 0, errmsg: 'ok' }, posted: { robot: token, body: json, notified } };
  });
  return Object.assign(fake, { address: (token: string) => `${fake.url}/robot/send?access_token=${token}`, blockedUntil });
}
