import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genericConnector } from '../connectors/generic/index.js';
import { signStandardWebhook } from '../connectors/shared/standard-webhooks.js';
import { startWebhookReceiver } from './fakes/webhook-receiver.js';
import { startCrmHarness, eventually, type CrmHarness } from './helpers/crm-harness.js';
import { json } from './helpers/http.js';

const SECRET = `whsec_${Buffer.from('generic-crm-secret-0123456789').toString('base64')}`;

describe('the generic signed-webhook connector, both ways, against a real Temporal dev server', () => {
  let h: CrmHarness;
  let app: CrmHarness['app'];
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const echoes: Promise<Response>[] = [];

  beforeAll(async () => {
    // The CRM echoes every stage change leadflow writes, as real CRMs do through their webhooks.
    receiver = await startWebhookReceiver(SECRET, (r) => {
      if (r.type === 'stage.changed') echoes.push(Promise.resolve(deliver({ recordId: r.data.recordId, stage: r.data.stage, occurredAt: new Date().toISOString() })));
    });
    h = await startCrmHarness(new Map([['generic', genericConnector({ secrets: [SECRET], outboundUrl: receiver.url })]]));
    app = h.app;
  });
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });

  function deliver(payload: unknown, opts: { id?: string; timestamp?: number; secret?: string; raw?: string } = {}) {
    const body = opts.raw ?? JSON.stringify(payload);
    const id = opts.id ?? `msg_${randomUUID()}`;
    const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
    return app.request('/webhooks/generic', { method: 'POST', body, headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signStandardWebhook(opts.secret ?? SECRET, id, ts, body) } });
  }
  const api = (path: string, body?: unknown) => h.api(path, body);
  const view = (id: string) => h.view(id);
  const enrolLinked = (recordId: string) => h.enrolLinked([{ connector: 'generic', id: recordId }]);
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
    expect(h.sink.messages.filter((m) => m.envelopeTo.includes(lead.email))).toHaveLength(1);
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
      // Until the journey answers (a busy worker may answer 503), and until both effects show.
      return v.errors?.length > 0 && v.ignored?.some((i: { reason: string }) => i.reason.includes('older')) ? v : undefined;
    });
    expect(journey.stage).toBe('quoted');
    expect(journey.errors[0].message).toContain('generic stage "Signed in blood"');
  });

  it('refuses to link a CRM record that belongs to another lead', async () => {
    const recordId = `rec-${randomUUID()}`;
    await enrolLinked(recordId);
    const res = await api('/api/leads', { id: `other-${randomUUID()}`, email: 'other@example.com', crm: [{ connector: 'generic', id: recordId }] });
    expect(res.status).toBe(409);
    expect((await json(res)).message).toContain(`generic record ${recordId} is already linked to another lead`);
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
