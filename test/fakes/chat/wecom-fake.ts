import { recentCount, startChatFake, type ChatFake, type FakeReply } from './chat-fake-server.js';

const LIMIT_PER_MINUTE = 20;
const bytes = (s: unknown) => Buffer.byteLength(typeof s === 'string' ? s : '');
const fail = (robot: string, errcode: number, errmsg: string): FakeReply => ({ status: 200, body: { errcode, errmsg }, refused: { robot, code: errcode, reason: errmsg } });

/**
 * 企业微信's group robot as doc 91770 describes it: `POST /cgi-bin/webhook/send?key=…`, errors as
 * HTTP 200 with an errcode; 93000 for an unknown key, 45009 over 20 messages a minute per robot;
 * markdown ≤ 4096 bytes and text ≤ 2048 bytes (refused beyond: the size errcode is unverified, 40058
 * here); template cards need `card_action`. `<@userid>` in markdown and the mentioned lists of a
 * text message are what notify.
 */
export async function startWecomFake(keys: string[]): Promise<ChatFake & { address(key: string): string }> {
  const fake = await startChatFake(({ url, json, now }, self) => {
    const key = url.searchParams.get('key') ?? '';
    if (url.pathname !== '/cgi-bin/webhook/send' || !keys.includes(key)) return fail(key, 93000, `invalid webhook url, hint: [${now}], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=93000`);
    if (!json) return fail(key, 40003, 'invalid json');
    if (recentCount(self, key, 60_000, now) >= LIMIT_PER_MINUTE) return fail(key, 45009, 'api freq out of limit');
    const type = json.msgtype;
    const notified: string[] = [];
    if (type === 'markdown') {
      const content = (json.markdown as { content?: unknown } | undefined)?.content;
      if (typeof content !== 'string' || !content) return fail(key, 40058, 'markdown.content is empty');
      if (bytes(content) > 4096) return fail(key, 40058, 'markdown.content exceed max length 4096');
      for (const m of content.matchAll(/<@([^>\s]+)>/g)) notified.push(m[1]!);
    } else if (type === 'text') {
      const text = json.text as { content?: unknown; mentioned_list?: string[]; mentioned_mobile_list?: string[] } | undefined;
      if (typeof text?.content !== 'string' || !text.content) return fail(key, 40058, 'text.content is empty');
      if (bytes(text.content) > 2048) return fail(key, 40058, 'text.content exceed max length 2048');
      notified.push(...(text.mentioned_list ?? []), ...(text.mentioned_mobile_list ?? []));
    } else if (type === 'template_card') {
      const card = json.template_card as Record<string, { title?: string; url?: string } | undefined> | undefined;
      if (!card?.card_action?.url) return fail(key, 40058, 'template_card.card_action is required');
      if (!card.main_title?.title && !card.sub_title_text) return fail(key, 40058, 'main_title.title or sub_title_text is required');
      if (Array.from(card.main_title?.title ?? '').length > 26) return fail(key, 40058, 'main_title.title exceed max length 26');
    } else {
      return fail(key, 40008, 'invalid message type');
    }
    return { status: 200, body: { errcode: 0, errmsg: 'ok' }, posted: { robot: key, body: json, notified } };
  });
  return Object.assign(fake, { address: (key: string) => `${fake.url}/cgi-bin/webhook/send?key=${key}` });
}
