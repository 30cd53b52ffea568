import type { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createApp } from '../src/http/app.js';
import { createLogger } from '../src/logger.js';
import { lazyClient } from '../src/temporal/client.js';
import { funnel, template, writeJourneys } from './helpers/journey-files.js';
import { json } from './helpers/http.js';
import { freePort } from './helpers/ports.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { createTestWorker, devServerConnection, TEST_SECRET, testDb, type TestWorker } from './helpers/temporal.js';
import { linkTokens } from '../src/links/tokens.js';
import { mailStore } from '../src/store/mail-store.js';
import { surveyStore } from '../src/store/survey-store.js';

const TOKEN = 'test-token-0123456789abcdef';
const logger = createLogger('silent');

describe('HTTP API against a real Temporal dev server', () => {
  let connection: NativeConnection;
  let sink: SmtpSink;
  let tw: TestWorker;
  let running: Promise<void>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    const dir = await writeJourneys({
      'funnel.yaml': funnel(),
      'sequences/drip.yaml': 'name: drip\nsteps:\n  - send: hello\n    window: any\n  - wait: 3d\n  - send: hello\n',
      'templates/hello/en.html': template('Hello'),
    });
    [connection, sink] = await Promise.all([devServerConnection(), startSmtpSink()]);
    tw = await createTestWorker(connection, { journeysDir: dir, smtpUrl: sink.url });
    running = tw.worker.run();
    const client = lazyClient({ address: inject('devServerAddress'), namespace: 'default' });
    app = createApp({ client, taskQueue: tw.taskQueue, apiToken: TOKEN, logger, maxBodyBytes: 64 * 1024 });
  });
  afterAll(async () => {
    tw?.worker.shutdown();
    await running;
    tw?.mailer.close();
    await connection?.close();
    await sink?.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    });
  const get = (path: string) => app.request(path, { headers: { authorization: `Bearer ${TOKEN}` } });

  it('enrols a lead (202 only once Temporal has it) and shows its journey', async () => {
    const id = `http-${Date.now()}`;
    const res = await post('/api/leads', { id, email: 'ann@example.com', name: 'Ann', timezone: 'Europe/Berlin' });
    expect(res.status).toBe(202);
    expect(await json(res)).toEqual({ id, workflowId: `lead:${id}`, status: 'accepted' });
    await sink.waitFor(1);
    let view: { stage: string; emails: unknown[]; next: { kind: string; at: string }[] } | undefined;
    // The sink has the mail a moment before the journey has the send's answer: ask until it does.
    for (let i = 0; i < 100 && !(view?.emails.length && view.next.length); i++) {
      view = await json(await get(`/api/leads/${id}`));
      if (!view?.emails.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(view!.stage).toBe('lead');
    expect(view!.emails).toHaveLength(1);
    expect(view!.next[0]!.kind).toBe('wait');
  });

  it('answers bad input with 400 naming each field, and accepts nothing', async () => {
    const id = `bad-${Date.now()}`;
    const res = await post('/api/leads', { id, email: 'not-an-address', timezone: 'Mars/Olympus', locale: '??' });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error).toBe('invalid_request');
    expect(body.issues.map((i: { field: string }) => i.field).sort()).toEqual(['email', 'locale', 'timezone']);
    expect(body.message).toContain('timezone: must be an IANA time zone');
    expect((await get(`/api/leads/${id}`)).status).toBe(404);

    const byEmail = await json(await post('/api/leads', { id: 'ann@example.com', email: 'ann@example.com' }));
    expect(byEmail.issues).toEqual([{ field: 'id', problem: 'must be a stable key, not an e-mail address' }]);
    const noStage = await post(`/api/leads/${id}/events`, { id: 'e1', type: 'stage.changed' });
    expect(await json(noStage)).toMatchObject({ issues: [{ field: 'stage', problem: 'is required when type is stage.changed' }] });
    const badTime = await json(await post(`/api/leads/${id}/events`, { id: 'e2', type: 'email.opened', occurredAt: 'yesterday' }));
    expect(badTime.issues[0].field).toBe('occurredAt');
    // Regions: ISO 3166-2, inside the lead's country, and one whose holidays leadflow knows.
    for (const region of ['Berlin', 'DE-XX']) {
      const res = await post('/api/leads', { id, email: 'ann@example.com', region });
      expect(res.status, region).toBe(400);
      expect((await json(res)).issues).toEqual([{ field: 'region', problem: expect.stringContaining('DE-BE') }]);
    }
    expect((await json(await post('/api/leads', { id, email: 'ann@example.com', country: 'CN', region: 'DE-BE' }))).issues).toEqual([{ field: 'region', problem: "must be a region of the lead's country" }]);
    expect((await get(`/api/leads/${id}`)).status).toBe(404);
  });

  it('answers malformed, untyped, oversized and unauthenticated requests with JSON errors', async () => {
    const malformed = await post('/api/leads', '{"id": ');
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).message).toMatch(/malformed json/i);
    expect((await post('/api/leads', '{}', { 'content-type': 'text/plain' })).status).toBe(415);
    const huge = await post('/api/leads', { id: 'x', email: 'a@b.co', attributes: { blob: 'x'.repeat(70 * 1024) } });
    expect(huge.status).toBe(413);
    expect((await json(huge)).error).toBe('payload_too_large');
    const anonymous = await app.request('/api/leads/x');
    expect(anonymous.status).toBe(401);
    expect((await json(anonymous)).error).toBe('unauthorized');
    const wrong = await app.request('/api/leads/x', { headers: { authorization: 'Bearer wrong-token-wrong-token' } });
    expect(wrong.status).toBe(401);
  });

  it('answers 404 for events to an unknown lead', async () => {
    const res = await post('/api/leads/nobody-here/events', { id: 'e1', type: 'email.opened' });
    expect(res.status).toBe(404);
    expect((await json(res)).error).toBe('lead_not_found');
  });

  it('answers 503 with Retry-After when Temporal is unreachable, never a 2xx', async () => {
    const down = createApp({ client: lazyClient({ address: `127.0.0.1:${await freePort()}`, namespace: 'default' }), taskQueue: 'none', apiToken: TOKEN, logger, callTimeoutMs: 3000 });
    const res = await down.request('/api/leads', {
      method: 'POST',
      body: JSON.stringify({ id: 'lost-1', email: 'a@example.com' }),
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await json(res)).error).toBe('temporal_unavailable');
    expect((await down.request('/readyz')).status).toBe(503);
    expect((await down.request('/healthz')).status).toBe(200);

    // A survey answer with Temporal away: a page that asks to try again, not a thank-you.
    const tokens = linkTokens(TEST_SECRET);
    const surveys = createApp({ client: lazyClient({ address: `127.0.0.1:${await freePort()}`, namespace: 'default' }), taskQueue: 'none', apiToken: TOKEN, logger, callTimeoutMs: 3000, mail: { store: mailStore(await testDb()), tokens, surveys: surveyStore(await testDb()) } });
    const token = tokens.sign({ p: 's', k: 'lost-1/survey/x@1', l: 'lost-1', n: 'x', sk: 'nps', v: 7, lc: 'en' });
    const answer = await surveys.request(`/s/${token}`, { method: 'POST', body: 'score=7', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(await answer.text()).toContain('<p>We could not record your answer just now.');
  });

  it('describes itself in OpenAPI', async () => {
    const spec = await json(await app.request('/openapi.json'));
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/leads', '/api/leads/{id}', '/api/leads/{id}/events']));
    expect((await app.request('/docs')).status).toBe(200);
  });
});
