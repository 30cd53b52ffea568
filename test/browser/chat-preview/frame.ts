/** HTML-escaped text. */
export const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export interface ChatLook {
  /** The app's name in the window title, its accent colour, the group's name. */
  app: string;
  accent: string;
  group: string;
  bot: string;
  background: string;
}

/**
 * A chat window as the client draws it: title bar, the robot's avatar and name, and the message;
 * the message's own HTML comes from the service's renderer, which reads the real payload.
 */
export function chatWindow(look: ChatLook, message: string, caption: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  body{margin:0;background:#e9ecef;font-family:-apple-system,'PingFang SC','WenQuanYi Micro Hei','Noto Color Emoji',sans-serif;font-size:14px;color:#1f2329}
  .win{width:560px;margin:16px;background:${look.background};border-radius:10px;box-shadow:0 2px 10px rgba(0,0,0,.15);overflow:hidden}
  .bar{background:${look.accent};color:#fff;padding:10px 14px;font-weight:600;display:flex;justify-content:space-between}
  .bar small{font-weight:400;opacity:.85}
  .row{display:flex;gap:10px;padding:14px}
  .avatar{width:36px;height:36px;border-radius:6px;background:${look.accent};color:#fff;display:flex;align-items:center;justify-content:center;font-weight:700;flex:none}
  .name{color:#8f959e;font-size:12px;margin-bottom:4px}
  .bubble{background:#fff;border-radius:6px;padding:10px 12px;max-width:460px;line-height:1.55;word-break:break-word}
  a{color:#3370ff;text-decoration:none}
  .mention{color:#3370ff;font-weight:600}
  .cap{color:#646a73;font-size:12px;padding:0 14px 12px}
  </style></head><body><div class="win"><div class="bar">${esc(look.group)}<small>${esc(look.app)}</small></div>
  <div class="row"><div class="avatar">L</div><div><div class="name">${esc(look.bot)}</div>${message}</div></div>
  <div class="cap">${esc(caption)}</div></div></body></html>`;
}
