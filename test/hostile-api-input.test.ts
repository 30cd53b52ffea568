import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signStandardWebhook } from '../connectors/shared/standard-webhooks.js';
import { leadWorkflowId } from '../src/domain/lead.js';
import { createApp } from '../src/http/app.js';
import { linkTokens } from '../src/links/tokens.js';
import { createLogger } from '../src/logger.js';
import { crmStore } from '../src/store/crm-store.js';
import { mailStore } from '../src/store/mail-store.js';
import { lazyClient } from '../src/temporal/client.js';
import { json } from './helpers/http.js';
import { testLead } from './helpers/leads.js';
import { TEST_SECRET, testDb } from './helpers/temporal.js';

const TOKEN = 'test-token-0123456789abcdef';
const ESP_SECRET = `whsec_${Buffer.from('hostile-esp-secret-0123456789').toString('base64')}`;
const logger = createLogger('silent');

/** A TCP server that accepts connections and never says a word: Temporal hung, not gone. */
async function silentServer(): Promise<{ address: string; close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { address: `127.0.0.1:${port}`, close: () => new Promise((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))) };
}

// Defects of issue 8 that came in through the API and the pages: 500s, wrong statuses, missing headers.
describe('hostile API input gets a clear 4xx and loses nothing', () => {
  let app: ReturnType<typeof createApp>;
  const tokens = linkTokens(TEST_SECRET);

  beforeAll(async () => {
    const db = await testDb();
    const client = lazyClient({ address: inject('devServerAddress'), namespace: 'default' });
    app = createApp({ client, taskQueue: `nobody-polls-${randomUUID()}`, apiToken: TOKEN, logger, callTimeoutMs: 1500, mail: { store: mailStore(db), tokens, espSecrets: [ESP_SECRET] }, crm: { connectors: new Map(), store: crmStore(db) } });
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers } });
  const fieldsOf = async (res: Response) => (await json(res)).issues.map((i: { field: string; problem: string }) => `${i.field}: ${i.problem}`);

  it('refuses control characters in identifiers and names with 400 naming the field', async () => {
    const linked = await post('/api/leads', { ...testLead(), crm: [{ connector: 'zoho', id: 'deal\u0000nul' }] });
    expect(linked.status).toBe(400);
    expect(await fieldsOf(linked)).toEqual(['crm.0.id: must not contain control characters (such as NUL or line breaks)']);
    const named = await post('/api/leads', { ...testLead(), name: 'Ann\u0000Lee' });
    expect(named.status).toBe(400);
    expect(await fieldsOf(named)).toEqual(['name: must not contain control characters (such as NUL or line breaks)']);
    const reply = await post('/api/replies', { messageId: '<abc\u0000@leadflow.test>' });
    expect(reply.status).toBe(400);
    expect((await fieldsOf(reply))[0]).toMatch(/^messageId: must not contain control characters/);

    const body = JSON.stringify({ events: [{ id: 'esp-1', type: 'opened', messageId: '<abc\u0000@leadflow.test>' }] });
    const ts = Math.floor(Date.now() / 1000);
    const esp = await app.request('/webhooks/mail/generic', { method: 'POST', body, headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-timestamp': String(ts), 'webhook-signature': signStandardWebhook(ESP_SECRET, 'msg_1', ts, body) } });
    expect(esp.status).toBe(400);
    expect((await fieldsOf(esp))[0]).toMatch(/^events\.0\.messageId: must not contain control characters/);
  });

  it('limits the depth and size of free-form data with 400 naming the field', async () => {
    // 5,000 levels in 30 KB: written as text, since JSON.stringify itself cannot go that deep.
    const data = `${'{"d":'.repeat(5000)}"x"${'}'.repeat(5000)}`;
    const deep = await post('/api/leads/someone/events', `{"id":"deep-1","type":"demo.booked","data":${data}}`);
    expect(deep.status).toBe(400);
    expect(await fieldsOf(deep)).toEqual(['data: must not nest deeper than 8 levels']);
    const wide = await post('/api/leads/someone/events', { id: 'wide-1', type: 'demo.booked', data: { blob: 'x'.repeat(20_000) } });
    expect(wide.status).toBe(400);
    expect(await fieldsOf(wide)).toEqual(['data: must be at most 16 KiB of JSON']);
  });

  it('refuses times more than a day ahead with 400 naming the field', async () => {
    const res = await post('/api/leads/someone/events', { id: 'future-1', type: 'stage.changed', stage: 'won', occurredAt: '9999-12-31T23:59:59Z' });
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(['occurredAt: must not be more than 1 day in the future']);
    const soon = await post('/api/leads/nobody-at-all/events', { id: 'soon-1', type: 'stage.changed', stage: 'won', occurredAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(soon.status).toBe(404);
  });

  it.each(['Bearer a b', 'Bearer', 'Basic dXNlcjpwYXNz', 'bearer', `Bearer ${TOKEN}x`, 'Token abc'])('answers 401 with JSON for Authorization %j', async (authorization) => {
    const res = await app.request('/api/leads/x', { headers: { authorization } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await json(res)).error).toBe('unauthorized');
  });

  it('says so when Temporal is up but no worker answers a lead’s query', async () => {
    const client = lazyClient({ address: inject('devServerAddress'), namespace: 'default' });
    const lead = testLead();
    await client.workflow.start('leadJourney', { workflowId: leadWorkflowId(lead.id), taskQueue: `nobody-polls-${randomUUID()}`, args: [{ lead }] });
    const res = await app.request(`/api/leads/${lead.id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(503);
    const body = await json(res);
    expect(body.error).toBe('journey_not_answering');
    expect(body.message).toMatch(/Temporal answers, but the journey of lead .* did not: no worker answered in time/);
    expect(res.headers.get('retry-after')).toBeTruthy();
    await client.workflow.getHandle(leadWorkflowId(lead.id)).terminate('test over');
  });

  it('enforces the hand-off deadline against a Temporal that hangs, and says what a 503 means', async () => {
    const silent = await silentServer();
    try {
      const hung = createApp({ client: lazyClient({ address: silent.address, namespace: 'default' }), taskQueue: 'none', apiToken: TOKEN, logger, callTimeoutMs: 500 });
      const started = Date.now();
      const res = await hung.request('/api/leads', { method: 'POST', body: JSON.stringify(testLead()), headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });
      const took = Date.now() - started;
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBeTruthy();
      expect((await json(res)).message).toMatch(/may have been accepted; retrying with the same id is safe/);
      // Before the deadline was enforced, the client's 5 s connect timeout came on top of it.
      expect(took).toBeLessThan(4_000);
    } finally {
      await silent.close();
    }
  });

  it('sends the pages with a CSP that forbids framing, nosniff and no referrer', async () => {
    const token = tokens.sign({ p: 'u', l: 'someone', k: 'k1', a: 'ann@example.com', lc: 'en' });
    for (const res of [await app.request(`/u/${token}`), await app.request('/u/not-a-token'), await app.request('/t/c/not-a-token')]) {
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('serves /docs with assets from node_modules, never a CDN', async () => {
    const page = await app.request('/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    let bytes = 0;
    for (const asset of assets) {
      expect(asset).toMatch(/^\/docs\//);
      const res = await app.request(asset);
      expect(res.status).toBe(200);
      bytes += (await res.arrayBuffer()).byteLength;
    }
    // Swagger UI's bundle itself, not a loader that fetches it from elsewhere.
    expect(bytes).toBeGreaterThan(500_000);
    expect(html).not.toMatch(/https?:\/\//);
  });
});
