import { moreText, type TeamMessage } from '../message.js';
import { truncateChars } from '../shared/bytes.js';
import { shrinkToFit } from '../shared/shrink.js';

/** Block Kit's caps (characters): header 150, section text 3,000, 10 fields, 50 blocks, button text 75. */
const LIMITS = { header: 150, section: 3000, field: 2000, fields: 10, blocks: 50, button: 75, buttons: 25, text: 3000 };

/** Slack's own escaping: only &, < and > are control characters in mrkdwn, so `<!channel>` cannot come from a name. */
export const slackText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const linkUrl = (url: string) => url.replace(/[|<>\s]/g, (c) => encodeURIComponent(c));
const link = (label: string, url: string) => `<${linkUrl(url)}|${slackText(label)}>`;

export interface SlackPayload {
  text: string;
  blocks: Record<string, unknown>[];
}

function build(m: TeamMessage): SlackPayload {
  const mention = m.mention?.slack ? `<@${m.mention.slack.memberId}> ` : '';
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: truncateChars(m.title, LIMITS.header), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: truncateChars(`${mention}${slackText(m.text)}`, LIMITS.section) } },
  ];
  if (m.fields.length) blocks.push({ type: 'section', fields: m.fields.slice(0, LIMITS.fields).map((f) => ({ type: 'mrkdwn', text: truncateChars(`*${slackText(f.label)}*\n${slackText(f.value)}`, LIMITS.field) })) });
  for (const s of m.sections) {
    const lines = s.items.map((i) => `• ${i.url ? link(i.text, i.url) : slackText(i.text)}`);
    if (s.more) lines.push(`• ${slackText(moreText(m, s.more))}`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${slackText(s.title)}*\n${lines.join('\n')}` } });
  }
  if (m.why) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncateChars(slackText(m.why), LIMITS.section) }] });
  if (m.links.length) blocks.push({ type: 'actions', elements: m.links.slice(0, LIMITS.buttons).map((l, i) => ({ type: 'button', text: { type: 'plain_text', text: truncateChars(l.label, LIMITS.button) }, url: l.url, ...(i === 0 ? { style: 'primary' } : {}) })) });
  // `text` is what the notification and screen readers show.
  return { text: truncateChars(`${mention}${slackText(m.title)}: ${slackText(m.text)}`, LIMITS.text), blocks };
}

const sectionFits = (b: Record<string, unknown>) => {
  const text = (b.text as { text?: string } | undefined)?.text;
  return text === undefined || Array.from(text).length <= LIMITS.section;
};

/** Block Kit for an incoming webhook: the owner `<@U…>` mentioned in the first section; shortened to Slack's caps. */
export function slackPayload(message: TeamMessage): SlackPayload {
  return build(shrinkToFit(message, (m) => {
    const p = build(m);
    return p.blocks.length <= LIMITS.blocks && p.blocks.every(sectionFits);
  }));
}
