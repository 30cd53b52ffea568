import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import type { FileOutbox } from '../mail/outbox.js';

/** Embedded mode's mail, browsable: the list, each message's HTML, and the raw .eml. */
export function outboxRoutes(outbox: FileOutbox) {
  const app = new Hono();
  app.get('/outbox', async (c) => {
    const entries = await outbox.list();
    if (c.req.header('accept')?.includes('application/json')) return c.json(entries);
    const rows = entries.map(
      (e) => html`<tr><td>${e.capturedAt}</td><td>${e.to}</td><td><a href="/outbox/${e.id}">${e.subject}</a></td><td>${e.category}</td><td><a href="/outbox/${e.id}.eml">.eml</a></td></tr>`,
    );
    return c.html(html`<!doctype html><html><head><meta charset="utf-8"><title>leadflow outbox</title>
<style>body{font:14px system-ui;margin:2rem}td,th{padding:.3rem .8rem;text-align:left;border-bottom:1px solid #ddd}</style></head>
<body><h1>Outbox</h1><p>${entries.length} message(s) captured. Set SMTP_URL to send for real.</p>
<table><tr><th>captured</th><th>to</th><th>subject</th><th>kind</th><th></th></tr>${rows}</table></body></html>`);
  });
  app.get('/outbox/:file', async (c) => {
    const file = c.req.param('file');
    const id = file.replace(/\.eml$/, '');
    const message = await outbox.raw(id);
    if (!message) return c.json({ error: 'not_found', message: 'no such message in the outbox' }, 404);
    if (file.endsWith('.eml')) return c.body(new Uint8Array(message), 200, { 'content-type': 'message/rfc822' });
    const body = (await outbox.html(id)) ?? '';
    c.header('content-security-policy', "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    return c.html(html`<!doctype html><meta charset="utf-8">${raw(body)}`);
  });
  return app;
}
