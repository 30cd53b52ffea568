import { moreText, type TeamMessage } from '../message.js';
import { truncateChars, utf8Bytes } from '../shared/bytes.js';
import { inertMarkdown as t, markdownLink } from '../shared/markdown-text.js';
import { shrinkToFit } from '../shared/shrink.js';

/** Documented limits of the group robot (doc 91770): content bytes, and the card's character caps. */
export const WECOM_MARKDOWN_BYTES = 4096;
export const WECOM_TEXT_BYTES = 2048;
const CARD = { title: 26, desc: 30, subTitle: 112, fields: 6, keyname: 5, value: 26, jumps: 3 };

const COLOUR = { info: 'info', good: 'info', warning: 'warning', alert: 'warning' } as const;

export type WecomPayload =
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'text'; text: { content: string; mentioned_list?: string[]; mentioned_mobile_list?: string[] } }
  | { msgtype: 'template_card'; template_card: Record<string, unknown> };

function markdownContent(m: TeamMessage): string {
  const lines = [`**<font color="${COLOUR[m.tone]}">${t(m.title)}</font>**`, t(m.text)];
  if (m.why) lines.push(`> ${t(m.why)}`);
  for (const f of m.fields) lines.push(`<font color="comment">${t(f.label)}</font>：${t(f.value)}`);
  for (const s of m.sections) {
    lines.push('', `**${t(s.title)}**`);
    for (const item of s.items) lines.push(`· ${item.url ? markdownLink(item.text, item.url) : t(item.text)}`);
    if (s.more) lines.push(`· ${t(moreText(m, s.more))}`);
  }
  if (m.links.length) lines.push('', m.links.map((l) => markdownLink(l.label, l.url)).join('　'));
  // `<@userid>` is what notifies the member; it works in markdown (and text), not in cards.
  if (m.mention?.wecom?.userid) lines.push(`<@${m.mention.wecom.userid}>`);
  return lines.join('\n');
}

function textContent(m: TeamMessage): string {
  const lines = [m.title, m.text];
  if (m.why) lines.push(m.why);
  for (const f of m.fields) lines.push(`${f.label}：${f.value}`);
  for (const s of m.sections) {
    lines.push('', s.title, ...s.items.map((i) => `· ${i.text}`));
    if (s.more) lines.push(`· ${moreText(m, s.more)}`);
  }
  for (const l of m.links) lines.push(`${l.label}: ${l.url}`);
  return lines.join('\n');
}

function card(m: TeamMessage): WecomPayload {
  const action = m.links[0]!;
  return {
    msgtype: 'template_card',
    template_card: {
      card_type: 'text_notice',
      source: { desc: 'leadflow', desc_color: m.tone === 'alert' ? 2 : m.tone === 'warning' ? 1 : 3 },
      main_title: { title: truncateChars(m.title, CARD.title), desc: truncateChars(m.text, CARD.desc) },
      sub_title_text: truncateChars([m.text, m.why].filter(Boolean).join('\n'), CARD.subTitle),
      horizontal_content_list: m.fields.slice(0, CARD.fields).map((f) => ({ keyname: truncateChars(f.label, CARD.keyname), value: truncateChars(f.value, CARD.value) })),
      jump_list: m.links.slice(0, CARD.jumps).map((l) => ({ type: 1, title: truncateChars(l.label, CARD.value), url: l.url })),
      card_action: { type: 1, url: action.url },
    },
  };
}

/**
 * The robot's body for a message. Mentioning the owner by userid needs markdown, by mobile the
 * text type (`mentioned_mobile_list` exists only there); a message that mentions nobody and
 * lists nothing is a template card with buttons. Over its byte limit, a message is shortened.
 */
export function wecomPayload(message: TeamMessage): WecomPayload {
  const mention = message.mention?.wecom;
  if (mention?.userid || (!mention && (message.sections.length || !message.links.length))) {
    const fitted = shrinkToFit(message, (m) => utf8Bytes(markdownContent(m)) <= WECOM_MARKDOWN_BYTES);
    return { msgtype: 'markdown', markdown: { content: markdownContent(fitted) } };
  }
  if (mention?.mobile) {
    const fitted = shrinkToFit(message, (m) => utf8Bytes(textContent(m)) <= WECOM_TEXT_BYTES);
    return { msgtype: 'text', text: { content: textContent(fitted), mentioned_mobile_list: [mention.mobile] } };
  }
  return card(message);
}
