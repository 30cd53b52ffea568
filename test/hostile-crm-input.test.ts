import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fxiaokeConfigFromEnv, fxiaokeConnector } from '../connectors/fxiaoke/index.js';
import { genericConnector } from '../connectors/generic/index.js';
import { hubspotConfigFromEnv, hubspotConnector } from '../connectors/hubspot/index.js';
import { signStandardWebhook } from '../connectors/shared/standard-webhooks.js';
import type { ConfiguredConnector } from '../src/crm/configured.js';
import { startFxiaokeFake, type FxiaokeFake } from './fakes/fxiaoke-fake.js';
import { startHubspotFake, type HubspotFake } from './fakes/hubspot-fake.js';
import { eventually, startCrmHarness, type CrmHarness } from './helpers/crm-harness.js';
import { json } from './helpers/http.js';
import { failedWorkflowTasks } from './helpers/workflow-health.js';

const SECRET = `whsec_${Buffer.from('hostile-crm-secret-0123456789').toString('base64')}`;
const YEAR_9999 = '9999-12-31T23:59:59Z';

// Defects of issue 8 that came in through CRM webhooks: each one jammed a lead or answered 5xx.
describe('hostile CRM webhooks cannot jam a journey', () => {
  let h: CrmHarness;
  let hs: HubspotFake;
  let fx: FxiaokeFake;

  beforeAll(async () => {
    [hs, fx] = await Promise.all([startHubspotFake(), startFxiaokeFake()]);
    const connectors = new Map<string, ConfiguredConnector>([
      ['generic', genericConnector({ secrets: [SECRET] })],
      ['hubspot', hubspotConnector(hubspotConfigFromEnv({ HUBSPOT_ACCESS_TOKEN: hs.token, HUBSPOT_CLIENT_SECRET: hs.clientSecret, HUBSPOT_BASE_URL: hs.baseUrl })!)],
      ['fxiaoke', fxiaokeConnector(fxiaokeConfigFromEnv(fx.env())!)],
    ]);
    h = await startCrmHarness(connectors);
  });
  afterAll(async () => {
    await h?.close();
    await Promise.all([hs?.close(), fx?.close()]);
  });

  function generic(payload: unknown) {
    const body = JSON.stringify(payload);
    const id = `msg_${randomUUID()}`;
    const ts = Math.floor(Date.now() / 1000);
    return h.app.request('/webhooks/generic', { method: 'POST', body, headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signStandardWebhook(SECRET, id, ts, body) } });
  }
  function hubspot(events: Parameters<HubspotFake['signedWebhook']>[0]) {
    const signed = hs.signedWebhook(events, { url: 'http://localhost/webhooks/hubspot' });
    return h.app.request('/webhooks/hubspot', { method: 'POST', body: signed.body, headers: signed.headers });
  }
  function fxiaokePush(payload: unknown) {
    const signed = fx.signedPush(payload);
    return h.app.request('/webhooks/fxiaoke', { method: 'POST', body: signed.body, headers: signed.headers });
  }

  /** The journey answers, shows an error mentioning `text`, and never failed a workflow task. */
  async function healthyWithError(leadId: string, text: string) {
    const view = await eventually(async () => {
      const res = await h.api(`/api/leads/${leadId}`);
      if (res.status !== 200) return undefined;
      const v = await json(res);
      return v.errors.some((e: { message: string }) => e.message.includes(text)) ? v : undefined;
    }, 20_000);
    expect(await failedWorkflowTasks(h.client, leadId)).toBe(0);
    return view;
  }

  /** A later, ordinary stage change is applied: the journey is alive. */
  async function stillMoves(leadId: string, deliver: () => Response | Promise<Response>) {
    expect((await deliver()).status).toBe(202);
    await eventually(async () => ((await h.view(leadId)).stage === 'negotiating' ? true : undefined), 20_000);
  }

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('a generic stage "%s" becomes an error on the linked lead, and later events still apply', async (stage) => {
    const recordId = `rec-${randomUUID()}`;
    const lead = await h.enrolLinked([{ connector: 'generic', id: recordId }]);
    expect((await generic({ recordId, stage })).status).toBe(202);
    const view = await healthyWithError(lead.id, `generic stage "${stage}"`);
    expect(view.stage).toBe('lead');
    await stillMoves(lead.id, () => generic({ recordId, stage: 'negotiating' }));
  });

  it('a HubSpot propertyValue "valueOf" becomes an error on the linked lead, and later events still apply', async () => {
    const deal = hs.addDeal({ dealstage: 'appointmentscheduled' });
    const lead = await h.enrolLinked([{ connector: 'hubspot', id: deal.id }]);
    expect((await hubspot([hs.dealEvent({ objectId: Number(deal.id), propertyValue: 'valueOf' })])).status).toBe(202);
    await healthyWithError(lead.id, 'hubspot stage "valueOf"');
    await stillMoves(lead.id, () => hubspot([hs.dealEvent({ objectId: Number(deal.id), propertyValue: 'contractsent', occurredAt: Date.now() + 1000 })]));
  });

  it('a webhook about an unknown record with an e-mail enrols a healthy lead, even with a prototype stage', async () => {
    const recordId = `rec-${randomUUID()}`;
    expect((await generic({ recordId, stage: 'constructor', email: `${recordId}@example.com` })).status).toBe(202);
    const leadId = `generic-${recordId}`;
    await healthyWithError(leadId, 'generic stage "constructor"');
    await stillMoves(leadId, () => generic({ recordId, stage: 'negotiating' }));
  });

  it('control characters in record ids are refused with 400 naming the field, never a 5xx', async () => {
    const gen = await generic({ recordId: 'rec\u0000nul', stage: 'won' });
    expect(gen.status).toBe(400);
    expect((await json(gen)).message).toMatch(/recordId: .*control character/);
    const fxRes = await fxiaokePush({ objectApiName: 'NewOpportunityObj', dataId: 'data\u0000nul', sales_stage: '3', last_modified_time: Date.now() });
    expect(fxRes.status).toBe(400);
    expect((await json(fxRes)).message).toMatch(/dataId: .*control character/);
    const named = await generic({ recordId: `rec-${randomUUID()}`, stage: 'won', email: 'nul@example.com', name: 'Ann\u0000Lee' });
    expect(named.status).toBe(400);
    expect((await json(named)).message).toMatch(/name: .*control character/);
  });

  it('a time from far in the future is refused (generic, Fxiaoke push) or clamped (HubSpot): it never freezes the stage', async () => {
    const recordId = `rec-${randomUUID()}`;
    const lead = await h.enrolLinked([{ connector: 'generic', id: recordId }]);
    const gen = await generic({ recordId, stage: 'quoted', occurredAt: YEAR_9999 });
    expect(gen.status).toBe(400);
    expect((await json(gen)).message).toMatch(/occurredAt: .*future/);
    const fxRes = await fxiaokePush({ objectApiName: 'NewOpportunityObj', dataId: 'abc123', sales_stage: '3', last_modified_time: 8_640_000_000_000_000 });
    expect(fxRes.status).toBe(400);
    expect((await json(fxRes)).message).toMatch(/last_modified_time: .*future/);

    const deal = hs.addDeal({ dealstage: 'appointmentscheduled' });
    const linked = await h.enrolLinked([{ connector: 'hubspot', id: deal.id }]);
    expect((await hubspot([hs.dealEvent({ objectId: Number(deal.id), propertyValue: 'qualifiedtobuy', occurredAt: Date.parse(YEAR_9999) })])).status).toBe(202);
    await eventually(async () => ((await h.view(linked.id)).stage === 'qualified' ? true : undefined), 20_000);
    await stillMoves(linked.id, () => hubspot([hs.dealEvent({ objectId: Number(deal.id), propertyValue: 'contractsent', occurredAt: Date.now() + 5000 })]));
    expect((await h.view(lead.id)).stage).toBe('lead');
  });
});
