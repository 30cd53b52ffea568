import { recentCount, startChatFake, type ChatFake, type FakeReply } from './chat-fake-server.js';

const fail = (robot: string, status: number, error: string, headers?: Record<string, string>): FakeReply => ({ status, body: error, headers, refused: { robot, code: status, reason: error } });

/**
 * A Slack incoming webhook: `POST /services/T…/B…/…`, errors in plain text (400 invalid_payload,
 * no_text, invalid_blocks; 404 no_service; 410 channel_is_archived); about one message a second,
 * else 429 with `Retry-After`; Block Kit's caps (50 blocks, 3,000 characters a section, 150 a
 * header). `<@U…>` notifies the member.
 */
export async function startSlackFake(hooks: string[]): Promise<ChatFake & { address(hook: string): string; archived: Set<string> }> {
  const archived = new Set<string>();
  const fake = await startChatFake(({ url, json, now }, self) => {
    const hook = url.pathname.replace('/services/', '');
    if (!url.pathname.startsWith('/services/') || !hooks.includes(hook)) return fail(hook, 404, 'no_service');
    if (archived.has(hook)) return fail(hook, 410, 'channel_is_archived');
    if (!json) return fail(hook, 400, 'invalid_payload');
    if (recentCount(self, hook, 1_000, now) >= 1) return fail(hook, 429, 'rate_limited', { 'retry-after': '1' });
    const blocks = (json.blocks ?? []) as { type?: string; text?: { text?: string }; fields?: unknown[] }[];
    if (!json.text && !blocks.length) return fail(hook, 400, 'no_text');
    const chars = (s: string | undefined) => Array.from(s ?? '').length;
    const bad = blocks.length > 50 || blocks.some((b) => (b.type === 'section' && chars(b.text?.text) > 3000) || (b.type === 'header' && chars(b.text?.text) > 150) || (b.fields?.length ?? 0) > 10);
    if (bad) return fail(hook, 400, 'invalid_blocks');
    const notified = [...JSON.stringify(json).matchAll(/<@([UW][A-Z0-9]+)>/g)].map((m) => m[1]!);
    return { status: 200, body: 'ok', posted: { robot: hook, body: json, notified: [...new Set(notified)] } };
  });
  return Object.assign(fake, { address: (hook: string) => `${fake.url}/services/${hook}`, archived });
}
