import { randomUUID } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { genericConnector } from '../connectors/generic/index.js';
import { signStandardWebhook } from '../connectors/shared/standard-webhooks.js';
import { createApp } from '../src/http/app.js';
import { linkTokens } from '../src/links/tokens.js';
import { createLogger } from '../src/logger.js';
import { smtpMailer } from '../src/mail/mailer.js';
import { buildActivities } from '../src/runtime/activity-setup.js';
import { crmStore } from '../src/store/crm-store.js';
import { lazyClient } from '../src/temporal/client.js';
import { startWebhookReceiver } from './fakes/webhook-receiver.js';
import { json } from './helpers/http.js';
import { writeJourneys } from './helpers/journey-files.js';
import { testLead } from './helpers/leads.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { MAIL_FROM, quietTemporal, TEST_PUBLIC_URL, TEST_SECRET, testDb } from './helpers/temporal.js';

const TOKEN = 'test-token-0123456789abcdef';
const SECRET = `whsec_${Buffer.from('generic-crm-secret-0123456789').toString('base64')}`;

async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the generic signed-webhook connector, both ways, against a real Temporal dev server', () => {
  let connection: NativeConnection;
  let sink: SmtpSink;
  let worker: Worker;
  let running: Promise<void>;
  let app: ReturnType<typeof createApp>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const echoes: Promise<Response>[] = [];

  beforeAll(async () => {
    quietTemporal();
    const dir = await writeJourneys({
      'funnel.yaml': 'stages:\n  lead:\n    sequence: drip\n  negotiating:\n    followUp:\n      every: 3s\n      task: "Call {{ lead.name }}"\n',
      'sequences/drip.yaml': 'name: drip\nsteps:\n  - send: hello\n    window: any\n  - wait: 2s\n  - send: hello\n    window: any\n',
      'templates/hello/en.html': '---\nsubject: "Hello"\n---\n<p>Hello</p>\n',
    });
    [connection, sink] = await Promise.all([NativeConnection.connect({ address: inject('devServerAddress') }), startSmtpSink()]);
    // The CRM echoes every stage change leadflow writes, as real CRMs do through their webhooks.
    receiver = await startWebhookReceiver(SECRET, (r) => {
      if (r.type === 'stage.changed') echoes.push(Promise.resolve(deliver({ recordId: r.data.recordId, stage: r.data.stage, occurredAt: new Date().toISOString() })));
    });
    const connectors = new Map([['generic', genericConnector({ secrets: [SECRET], outboundUrl: receiver.url })]]);
    const client = lazyClient({ address: inject('devServerAddress'), namespace: 'default' });
    const taskQueue = `crm-${randomUUID()}`;
    const db = await testDb();
    worker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      activities: buildActivities({ journeysDir: dir, db, mailer: smtpMailer(sink.url), mailFrom: MAIL_FROM, publicUrl: TEST_PUBLIC_URL, tokens: linkTokens(TEST_SECRET), tracking: false, connectors, temporal: { client, taskQueue } }),
    });
    running = worker.run();
    app = createApp({ client, taskQueue, apiToken: TOKEN, logger: createLogger('silent'), crm: { connectors, store: crmStore(db) } });
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await connection?.close();
    await sink?.close();
    await receiver?.close();
  });

  function deliver(payload: unknown, opts: { id?: string; timestamp?: number; secret?: string; raw?: string } = {}) {
    const body = opts.raw ?? JSON.stringify(payload);
    const id = opts.id ?? `msg_${randomUUID()}`;
    const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
    return app.request('/webhooks/generic', { method: 'POST', body, headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signStandardWebhook(opts.secret ?? SECRET, id, ts, body) } });
  }
  const api = (path: string, body?: unknown) =>
    app.request(path, { method: body ? 'POST' : 'GET', body: body ? JSON.stringify(body) : undefined, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });
  const view = async (id: string) => json(await api(`/api/leads/${id}`));
  const enrolLinked = async (recordId: string) => {
    const lead = testLead({ crm: [{ connector: 'generic', id: recordId }] });
    expect((await api('/api/leads', lead)).status).toBe(202);
    await eventually(() => sink.messages.some((m) => m.envelopeTo.includes(lead.email)));
    return lead;
  };
  const pushesFor = (recordId: string) => receiver.received.filter((r) => r.type === 'stage.changed' && r.data.recordId === recordId);

  it('a CRM webhook changes the journey’s stage, and so its e-mails; three deliveries have one effect', async () => {
    const recordId = `rec-${randomUUID()}`;
    const lead = await enrolLinked(recordId);
    const event = { id: 'crm-evt-1', recordId, stage: 'negotiating', occurredAt: new Date().toISOString() };
    for (let i = 0; i < 3; i++) expect((await deliver(event)).status).toBe(202);
    const journey = await eventually(async () => {
      const v = await view(lead.id);
      return v.stage === 'negotiating' && v.tasks.length ? v : undefined;
    });
    expect(journey.history.map((h: { to: string; source: string }) => `${h.to}:${h.source}`)).toEqual(['lead:enrolment', 'negotiating:generic']);
    await new Promise((r) => setTimeout(r, 2500));
    expect(sink.messages.filter((m) => m.envelopeTo.includes(lead.email))).toHaveLength(1);
    // The change came from this CRM: nothing is pushed back to it, but the follow-up task is.
    expect(pushesFor(recordId)).toHaveLength(0);
    const tasks = await eventually(() => {
      const t = receiver.received.filter((r) => r.type === 'task.created' && r.data.recordId === recordId);
      return t.length ? t : undefined;
    });
    expect(tasks[0]!.data.title).toBe('Call Ann Lee');
  });

  it('a journey stage change updates the CRM record exactly once, and the echo of that write is ignored', async () => {
    const recordId = `rec-${randomUUID()}`;
    const lead = await enrolLinked(recordId);
    expect((await api(`/api/leads/${lead.id}/events`, { id: 'api-1', type: 'stage.changed', stage: 'quoted' })).status).toBe(202);
    const pushes = await eventually(() => (pushesFor(recordId).length ? pushesFor(recordId) : undefined));
    expect(pushes.map((p) => p.data.stage)).toEqual(['quoted']);
    expect(pushes[0]!.verified).toBe(true);
    const journey = await eventually(async () => {
      const v = await view(lead.id);
      return v.ignored.some((i: { reason: string }) => i.reason.startsWith('echo of leadflow')) ? v : undefined;
    });
    expect((await Promise.all(echoes)).every((r) => r.status === 202)).toBe(true);
    expect(journey.history.map((h: { to: string }) => h.to)).toEqual(['lead', 'quoted']);
    await new Promise((r) => setTimeout(r, 1500));
    expect(pushesFor(recordId)).toHaveLength(1);
  });

  it('an older change arriving late is ignored; an unknown CRM value becomes a clear error on the lead', async () => {
    const recordId = `rec-${randomUUID()}`;
    const lead = await enrolLinked(recordId);
    const now = Date.now();
    expect((await deliver({ recordId, stage: 'quoted', occurredAt: new Date(now).toISOString() })).status).toBe(202);
    expect((await deliver({ recordId, stage: 'qualified', occurredAt: new Date(now - 60_000).toISOString() })).status).toBe(202);
    expect((await deliver({ recordId, stage: 'Signed in blood', occurredAt: new Date(now + 1000).toISOString() })).status).toBe(202);
    const journey = await eventually(async () => {
      const v = await view(lead.id);
      return v.errors.length && v.ignored.some((i: { reason: string }) => i.reason.includes('older')) ? v : undefined;
    });
    expect(journey.stage).toBe('quoted');
    expect(journey.errors[0].message).toContain('generic stage "Signed in blood"');
  });

  it('refuses bad signatures, stale timestamps, malformed bodies and unknown connectors', async () => {
    const payload = { recordId: 'x', stage: 'won' };
    expect((await deliver(payload, { secret: `whsec_${Buffer.from('wrong-secret-wrong-secret').toString('base64')}` })).status).toBe(401);
    expect((await deliver(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 })).status).toBe(401);
    expect((await deliver(payload, { timestamp: Math.floor(Date.now() / 1000) - 299 })).status).toBe(202);
    const malformed = await deliver(undefined, { raw: '{"recordId": ' });
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).message).toMatch(/JSON/);
    const shapeless = await deliver({ stage: 'won' });
    expect(shapeless.status).toBe(400);
    expect((await json(shapeless)).message).toContain('recordId');
    expect((await app.request('/webhooks/salesforce', { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await deliver(undefined, { raw: JSON.stringify({ recordId: 'x', stage: 'x'.repeat(2 * 1024 * 1024) }) })).status).toBe(413);
  });
});
