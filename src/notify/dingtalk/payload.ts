import { moreText, type TeamMessage } from '../message.js';
import { utf8Bytes } from '../shared/bytes.js';
import { inertMarkdown as t, markdownLink } from '../shared/markdown-text.js';
import { shrinkToFit } from '../shared/shrink.js';

/** errcode 460101: "请保持大小在 20000bytes 以内" — the whole body. */
export const DINGTALK_BODY_BYTES = 20_000;

export type DingtalkPayload =
  | { msgtype: 'markdown'; markdown: { title: string; text: string }; at: { atMobiles: string[]; atUserIds: string[]; isAtAll: false } }
  | { msgtype: 'actionCard'; actionCard: { title: string; text: string; btnOrientation: '0' | '1'; btns: { title: string; actionURL: string }[] } };

function markdownText(m: TeamMessage, mentions: string[]): string {
  const lines = [`### ${t(m.title)}`, '', t(m.text)];
  if (m.why) lines.push('', `> ${t(m.why)}`);
  if (m.fields.length) lines.push('', ...m.fields.map((f) => `- **${t(f.label)}**：${t(f.value)}`));
  for (const s of m.sections) {
    lines.push('', `#### ${t(s.title)}`, ...s.items.map((i) => `- ${i.url ? markdownLink(i.text, i.url) : t(i.text)}`));
    if (s.more) lines.push(`- ${t(moreText(m, s.more))}`);
  }
  if (m.links.length) lines.push('', m.links.map((l) => markdownLink(l.label, l.url)).join(' · '));
  // The `at` block alone does not notify: the text must also hold `@<mobile>` or `@<userId>`.
  if (mentions.length) lines.push('', mentions.map((id) => `@${id}`).join(' '));
  if (m.keyword) lines.push('', `${t(m.keyword)}`);
  return lines.join('\n');
}

const titleOf = (m: TeamMessage) => (m.keyword && !m.title.includes(m.keyword) ? `${m.title} · ${m.keyword}` : m.title);

/**
 * The robot's body: markdown with an `@` that really notifies when there is someone to mention
 * (the mobile, else the userId, in `at` and in the text), else an actionCard with one button per
 * link. A robot with a keyword gets it in the title and the text. Shortened to 20,000 bytes.
 */
export function dingtalkPayload(message: TeamMessage): DingtalkPayload {
  const who = message.mention?.dingtalk;
  const atMobiles = who?.mobile ? [who.mobile] : [];
  const atUserIds = who?.userid && !who.mobile ? [who.userid] : [];
  const build = (m: TeamMessage): DingtalkPayload => {
    if (atMobiles.length || atUserIds.length || !m.links.length || m.sections.length) {
      return { msgtype: 'markdown', markdown: { title: titleOf(m), text: markdownText(m, [...atMobiles, ...atUserIds]) }, at: { atMobiles, atUserIds, isAtAll: false } };
    }
    return { msgtype: 'actionCard', actionCard: { title: titleOf(m), text: markdownText({ ...m, links: [] }, []), btnOrientation: m.links.length > 2 ? '1' : '0', btns: m.links.map((l) => ({ title: l.label, actionURL: l.url })) } };
  };
  return build(shrinkToFit(message, (m) => utf8Bytes(JSON.stringify(build(m))) <= DINGTALK_BODY_BYTES));
}
