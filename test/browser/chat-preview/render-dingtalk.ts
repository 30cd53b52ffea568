import type { DingtalkPayload } from '../../../src/notify/dingtalk/payload.js';
import { esc } from './frame.js';

/** DingTalk's markdown: headings, lists, quotes, bold, links; `@<mobile>` shown as the member when `at` names them. */
function markdown(text: string, notified: string[], members: Record<string, string>): string {
  const inline = (s: string) => {
    let html = esc(s).replace(/\*\*(.+?)\*\*/g, '<b>$1</b>').replace(/\[([^\]]+)]\(([^)]+)\)/g, '<a href="$2">$1</a>');
    for (const id of notified) html = html.replaceAll(`@${id}`, `<span class="mention">@${esc(members[id] ?? id)}</span>`);
    return html;
  };
  return text
    .split('\n')
    .map((line) => {
      const h = /^(#{1,6}) (.*)$/.exec(line);
      if (h) return `<div style="font-weight:600;font-size:${h[1]!.length <= 3 ? 16 : 14}px;margin:4px 0">${inline(h[2]!)}</div>`;
      if (line.startsWith('- ')) return `<div style="padding-left:14px;text-indent:-10px">• ${inline(line.slice(2))}</div>`;
      if (line.startsWith('> ')) return `<div style="border-left:3px solid #dee0e3;padding-left:8px;color:#646a73">${inline(line.slice(2))}</div>`;
      return line ? `<div>${inline(line)}</div>` : '<div style="height:6px"></div>';
    })
    .join('');
}

/** How DingTalk shows the robot's message: markdown with real @s, or an actionCard with its buttons. */
export function renderDingtalk(payload: DingtalkPayload, members: Record<string, string>): string {
  if (payload.msgtype === 'markdown') {
    const notified = [...payload.at.atMobiles, ...payload.at.atUserIds].filter((id) => payload.markdown.text.includes(`@${id}`));
    return `<div class="bubble">${markdown(payload.markdown.text, notified, members)}</div>`;
  }
  const card = payload.actionCard;
  return `<div class="bubble" style="width:380px;padding:0;overflow:hidden"><div style="padding:12px">${markdown(card.text, [], members)}</div>
    <div style="display:flex;flex-direction:${card.btnOrientation === '1' ? 'column' : 'row'};border-top:1px solid #eee">${card.btns.map((b) => `<a href="${esc(b.actionURL)}" style="flex:1;text-align:center;padding:10px;border-right:1px solid #eee">${esc(b.title)}</a>`).join('')}</div></div>`;
}
