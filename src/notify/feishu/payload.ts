import { moreText, type TeamMessage } from '../message.js';
import { truncateChars, utf8Bytes } from '../shared/bytes.js';
import { inertMarkdown as t, markdownLink } from '../shared/markdown-text.js';
import { shrinkToFit } from '../shared/shrink.js';

/** A custom bot's request body is at most 20 KB. */
export const FEISHU_BODY_BYTES = 20_000;

const TEMPLATE = { info: 'blue', good: 'green', warning: 'orange', alert: 'red' } as const;

export interface FeishuCard {
  config: { wide_screen_mode: true };
  header: { title: { tag: 'plain_text'; content: string }; template: string };
  elements: Record<string, unknown>[];
}

const md = (content: string) => ({ tag: 'div', text: { tag: 'lark_md', content } });

/** An interactive card: header in the tone's colour, the text, fields side by side, sections, buttons. */
export function feishuCard(m: TeamMessage): FeishuCard {
  const mention = m.mention?.feishu ? ` <at id=${m.mention.feishu.openId}></at>` : '';
  const elements: Record<string, unknown>[] = [md(`${t(m.text)}${mention}`)];
  if (m.fields.length) elements.push({ tag: 'div', fields: m.fields.map((f) => ({ is_short: true, text: { tag: 'lark_md', content: `**${t(f.label)}**\n${t(f.value)}` } })) });
  for (const s of m.sections) {
    const lines = s.items.map((i) => `• ${i.url ? markdownLink(i.text, i.url) : t(i.text)}`);
    if (s.more) lines.push(`• ${t(moreText(m, s.more))}`);
    elements.push({ tag: 'hr' }, md(`**${t(s.title)}**\n${lines.join('\n')}`));
  }
  if (m.links.length) {
    elements.push({ tag: 'action', actions: m.links.map((l, i) => ({ tag: 'button', text: { tag: 'plain_text', content: truncateChars(l.label, 40) }, type: i === 0 ? 'primary' : 'default', url: l.url })) });
  }
  const note = [m.why, m.keyword].filter(Boolean).join(' · ');
  if (note) elements.push({ tag: 'note', elements: [{ tag: 'plain_text', content: note }] });
  return { config: { wide_screen_mode: true }, header: { title: { tag: 'plain_text', content: truncateChars(m.title, 100) }, template: TEMPLATE[m.tone] }, elements };
}

export interface FeishuPayload {
  msg_type: 'interactive';
  card: FeishuCard;
  timestamp?: string;
  sign?: string;
}

/** The body without its signature, shortened so that the signed body stays under 20 KB. */
export function feishuPayload(message: TeamMessage): FeishuPayload {
  const build = (m: TeamMessage): FeishuPayload => ({ msg_type: 'interactive', card: feishuCard(m) });
  // Room for `"timestamp":"…","sign":"…"` (about 80 bytes).
  return build(shrinkToFit(message, (m) => utf8Bytes(JSON.stringify(build(m))) <= FEISHU_BODY_BYTES - 100));
}
