import type { FeishuPayload } from '../../../src/notify/feishu/payload.js';
import { esc } from './frame.js';

const HEADER: Record<string, string> = { blue: '#3370ff', green: '#34c724', orange: '#ff8800', red: '#f54a45' };

/** lark_md: bold, links, `<at id=…>` shown as the member. */
function larkMd(content: string, members: Record<string, string>): string {
  return esc(content)
    .replace(/&lt;at id=([^&\s]+)&gt;&lt;\/at&gt;/g, (_, id: string) => `<span class="mention">@${esc(members[id] ?? id)}</span>`)
    .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
    .replace(/\[([^\]]+)]\(([^)]+)\)/g, '<a href="$2">$1</a>')
    .replace(/\n/g, '<br>');
}

/** How Feishu draws an interactive card: coloured header, divs, fields two by two, rules, buttons, a note. */
export function renderFeishu(payload: FeishuPayload, members: Record<string, string>): string {
  const { card } = payload;
  const body = card.elements
    .map((e) => {
      const el = e as { tag: string; text?: { content: string }; fields?: { text: { content: string } }[]; actions?: { text: { content: string }; type: string; url: string }[]; elements?: { content: string }[] };
      if (el.tag === 'hr') return '<div style="border-top:1px solid #dee0e3;margin:8px 0"></div>';
      if (el.tag === 'note') return `<div style="color:#8f959e;font-size:12px;margin-top:8px">${esc(el.elements!.map((n) => n.content).join(' '))}</div>`;
      if (el.tag === 'action') return `<div style="display:flex;gap:8px;margin-top:10px">${el.actions!.map((a) => `<a href="${esc(a.url)}" style="padding:6px 12px;border-radius:6px;${a.type === 'primary' ? 'background:#3370ff;color:#fff' : 'border:1px solid #d0d3d6;color:#1f2329'}">${esc(a.text.content)}</a>`).join('')}</div>`;
      if (el.fields) return `<div style="display:grid;grid-template-columns:1fr 1fr;gap:6px 12px;margin:6px 0">${el.fields.map((f) => `<div>${larkMd(f.text.content, members)}</div>`).join('')}</div>`;
      return `<div style="margin:4px 0">${larkMd(el.text!.content, members)}</div>`;
    })
    .join('');
  return `<div class="bubble" style="width:420px;padding:0;overflow:hidden;border:1px solid #dee0e3"><div style="background:${HEADER[card.header.template] ?? '#3370ff'};color:#fff;padding:10px 14px;font-weight:600;font-size:15px">${esc(card.header.title.content)}</div><div style="padding:10px 14px">${body}</div></div>`;
}
