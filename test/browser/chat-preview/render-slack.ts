import type { SlackPayload } from '../../../src/notify/slack/payload.js';

/** Slack's mrkdwn: `*bold*`, `<url|text>`, `<@U…>`; the text is already escaped the Slack way (&amp; &lt; &gt;). */
function mrkdwn(text: string, members: Record<string, string>): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)>/g, (_, id: string) => `<span class="mention" style="background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 2px">@${members[id] ?? id}</span>`)
    .replace(/<([^|>]+)\|([^>]+)>/g, '<a href="$1" style="color:#1264a3">$2</a>')
    .replace(/\*([^*\n]+)\*/g, '<b>$1</b>')
    .replace(/\n/g, '<br>');
}

/** How Slack lays out Block Kit: header, sections, fields, context, buttons. */
export function renderSlack(payload: SlackPayload, members: Record<string, string>): string {
  const blocks = payload.blocks
    .map((b) => {
      const block = b as { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { type: string; text: string | { text: string }; url?: string; style?: string }[] };
      if (block.type === 'header') return `<div style="font-size:18px;font-weight:900;margin:2px 0 6px">${block.text!.text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</div>`;
      if (block.type === 'context') return `<div style="color:#616061;font-size:12px;margin:6px 0">${mrkdwn((block.elements![0]!.text as string), members)}</div>`;
      if (block.type === 'actions') return `<div style="display:flex;gap:8px;margin-top:8px">${block.elements!.map((e) => `<a href="${e.url}" style="padding:5px 12px;border-radius:4px;font-weight:700;${e.style === 'primary' ? 'background:#007a5a;color:#fff' : 'border:1px solid #bbb;color:#1d1c1d'}">${(e.text as { text: string }).text}</a>`).join('')}</div>`;
      if (block.fields) return `<div style="display:grid;grid-template-columns:1fr 1fr;gap:6px 16px;margin:6px 0">${block.fields.map((f) => `<div>${mrkdwn(f.text, members)}</div>`).join('')}</div>`;
      return `<div style="margin:4px 0">${mrkdwn(block.text!.text, members)}</div>`;
    })
    .join('');
  return `<div style="background:#fff;padding:4px 0;max-width:470px;color:#1d1c1d;font-family:Lato,'Helvetica Neue','WenQuanYi Micro Hei','Noto Color Emoji',sans-serif;font-size:15px;line-height:1.46">${blocks}</div>`;
}
