import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { Hono } from 'hono';
import type { LinkTokens } from '../links/tokens.js';
import type { Logger } from '../logger.js';
import type { MailStore } from '../store/mail-store.js';
import { invalidLinkPage, pageLocale, unsubscribeAskPage, unsubscribedPage } from './pages.js';
import { signalLead } from './signal-lead.js';

export interface EngagementOptions {
  client: Client;
  store: MailStore;
  tokens: LinkTokens;
  logger: Logger;
}

const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * What the links in an e-mail reach: the unsubscribe page and its one-click POST (RFC 8058), the
 * open pixel, and the click redirect, which only ever goes to the URL signed into its token.
 */
export function engagementRoutes({ client, store, tokens, logger }: EngagementOptions) {
  const app = new Hono();
  // Engagement reaches the journey when Temporal is there; the page or redirect never waits on it.
  const tell = (leadId: string, event: Parameters<typeof signalLead>[2]) =>
    signalLead(client, leadId, event).catch((err: Error) => logger.warn({ leadId, type: event.type, err: err.message }, 'engagement event not delivered'));

  app.get('/u/:token', (c) => {
    const claims = tokens.verify(c.req.param('token'), 'u');
    const locale = pageLocale(claims?.lc, c.req.header('accept-language'));
    if (!claims?.a) return c.html(invalidLinkPage(locale), 400);
    // A GET never unsubscribes: link scanners open every URL in a mail.
    return c.html(unsubscribeAskPage(locale, claims.a, c.req.path));
  });

  app.post('/u/:token', async (c) => {
    const claims = tokens.verify(c.req.param('token'), 'u');
    const locale = pageLocale(claims?.lc, c.req.header('accept-language'));
    if (!claims?.a) return c.html(invalidLinkPage(locale), 400);
    // Durable first: once this returns, no marketing mail to the address goes out, from any lead.
    await store.suppress(claims.a, 'unsubscribed', 'one-click', claims.l);
    await tell(claims.l, { id: `unsubscribed:${short(claims.a)}`, type: 'unsubscribed', source: 'one-click', data: { send: claims.k } });
    logger.info({ leadId: claims.l }, 'unsubscribed');
    return c.html(unsubscribedPage(locale, claims.a));
  });

  app.get('/t/o/:token', async (c) => {
    const claims = tokens.verify(c.req.param('token'), 'o');
    if (claims) await tell(claims.l, { id: `opened:${claims.k}`, type: 'email.opened', source: 'pixel', data: { send: claims.k } });
    return c.body(new Uint8Array(PIXEL), 200, { 'content-type': 'image/gif', 'cache-control': 'no-store, max-age=0' });
  });

  app.get('/t/c/:token', async (c) => {
    const claims = tokens.verify(c.req.param('token'), 'c');
    if (!claims?.u || !/^https?:\/\//i.test(claims.u)) return c.html(invalidLinkPage(pageLocale(undefined, c.req.header('accept-language'))), 400);
    await tell(claims.l, { id: `clicked:${claims.k}:${short(claims.u)}`, type: 'email.clicked', source: 'redirect', data: { send: claims.k, url: claims.u } });
    return c.redirect(claims.u, 302);
  });

  return app;
}
