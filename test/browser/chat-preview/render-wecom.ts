import type { WecomPayload } from '../../../src/notify/wecom/payload.js';
import { esc } from './frame.js';

const FONT = { info: '#07c160', comment: '#8f959e', warning: '#ff9a00' } as Record<string, string>;

/** WeCom's markdown subset (doc 91770): bold, links, `>` quotes, `<font color>`, `<@userid>`. */
function markdown(content: string, members: Record<string, string>): string {
  return content
    .split('\n')
    .map((line) => {
      let html = esc(line);
      html = html.replace(/&lt;font color=&quot;(\w+)&quot;&gt;(.*?)&lt;\/font&gt;/g, (_, c: string, t: string) => `<span style="color:${FONT[c] ?? '#1f2329'}">${t}</span>`);
      html = html.replace(/&lt;@([^&\s]+)&gt;/g, (_, id: string) => `<span class="mention">@${esc(members[id] ?? id)}</span>`);
      html = html.replace(/\*\*(.+?)\*\*/g, '<b>$1</b>').replace(/\[([^\]]+)]\(([^)]+)\)/g, '<a href="$2">$1</a>');
      if (html.startsWith('&gt; ')) return `<div style="border-left:3px solid #dee0e3;padding-left:8px;color:#646a73">${html.slice(5)}</div>`;
      return html ? `<div>${html}</div>` : '<div style="height:6px"></div>';
    })
    .join('');
}

/** How the WeCom client shows what the robot was sent: markdown, plain text with @s, or a text_notice card. */
export function renderWecom(payload: WecomPayload, members: Record<string, string>): string {
  if (payload.msgtype === 'markdown') return `<div class="bubble">${markdown(payload.markdown.content, members)}</div>`;
  if (payload.msgtype === 'text') return `<div class="bubble">${esc(payload.text.content).replace(/\n/g, '<br>')}${(payload.text.mentioned_mobile_list ?? []).map((m) => ` <span class="mention">@${esc(members[m] ?? m)}</span>`).join('')}</div>`;
  const card = payload.template_card as { source: { desc: string }; main_title: { title: string; desc: string }; sub_title_text: string; horizontal_content_list: { keyname: string; value: string }[]; jump_list: { title: string; url: string }[] };
  return `<div class="bubble" style="width:380px;padding:14px 16px">
    <div style="color:#8f959e;font-size:12px">${esc(card.source.desc)}</div>
    <div style="font-size:17px;font-weight:600;margin:6px 0 2px">${esc(card.main_title.title)}</div>
    <div style="color:#8f959e;font-size:13px">${esc(card.main_title.desc)}</div>
    <div style="margin:10px 0;color:#646a73">${esc(card.sub_title_text).replace(/\n/g, '<br>')}</div>
    ${card.horizontal_content_list.map((f) => `<div style="display:flex;gap:12px"><span style="color:#8f959e;width:64px">${esc(f.keyname)}</span><span>${esc(f.value)}</span></div>`).join('')}
    <div style="border-top:1px solid #eee;margin-top:10px;padding-top:8px">${card.jump_list.map((j) => `<div><a href="${esc(j.url)}">${esc(j.title)}</a> ›</div>`).join('')}</div></div>`;
}
