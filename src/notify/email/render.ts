import { moreText, type TeamMessage } from '../message.js';

const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const COLOUR = { info: '#1f6feb', good: '#1a7f37', warning: '#bf8700', alert: '#cf222e' } as const;

/** The message as an e-mail to the owner: a plain page that reads the same in every client. */
export function teamMailHtml(m: TeamMessage): string {
  const rows = m.fields.map((f) => `<tr><td style="color:#57606a;padding:2px 12px 2px 0">${esc(f.label)}</td><td>${esc(f.value)}</td></tr>`).join('');
  const sections = m.sections
    .map((s) => {
      const items = s.items.map((i) => `<li>${i.url ? `<a href="${esc(i.url)}">${esc(i.text)}</a>` : esc(i.text)}</li>`);
      if (s.more) items.push(`<li>${esc(moreText(m, s.more))}</li>`);
      return `<h3 style="margin:16px 0 4px">${esc(s.title)}</h3><ul style="margin:0;padding-left:20px">${items.join('')}</ul>`;
    })
    .join('');
  const links = m.links.map((l) => `<a href="${esc(l.url)}" style="margin-right:16px">${esc(l.label)}</a>`).join('');
  return [
    `<div lang="${esc(m.locale)}" style="font-family:system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;max-width:640px">`,
    `<h2 style="color:${COLOUR[m.tone]};margin:0 0 8px">${esc(m.title)}</h2>`,
    `<p style="margin:0 0 8px">${esc(m.text)}</p>`,
    m.why ? `<p style="color:#57606a;margin:0 0 8px">${esc(m.why)}</p>` : '',
    rows ? `<table style="border-collapse:collapse;margin:8px 0">${rows}</table>` : '',
    sections,
    links ? `<p style="margin-top:16px">${links}</p>` : '',
    '</div>',
  ].join('');
}

/** The same as plain text, for the text part. */
export function teamMailText(m: TeamMessage): string {
  const lines = [m.title, '', m.text];
  if (m.why) lines.push(m.why);
  if (m.fields.length) lines.push('', ...m.fields.map((f) => `${f.label}: ${f.value}`));
  for (const s of m.sections) {
    lines.push('', s.title, ...s.items.map((i) => `- ${i.text}${i.url ? ` <${i.url}>` : ''}`));
    if (s.more) lines.push(`- ${moreText(m, s.more)}`);
  }
  if (m.links.length) lines.push('', ...m.links.map((l) => `${l.label}: ${l.url}`));
  return lines.join('\n');
}
