import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fxiaokeConfigFromEnv, fxiaokeConnector } from '../connectors/fxiaoke/index.js';
import { hubspotConfigFromEnv, hubspotConnector } from '../connectors/hubspot/index.js';
import type { ConfiguredConnector } from '../src/crm/configured.js';
import { pollerStatusQuery, type crmPoller } from '../workflows/crm-poller.js';
import { startFxiaokeFake } from './fakes/fxiaoke-fake.js';
import { startHubspotFake } from './fakes/hubspot-fake.js';
import { startZohoFake } from './fakes/zoho-fake.js';
import { zohoConfigFromEnv, zohoConnector } from '../connectors/zoho/index.js';
import { eventually, startCrmHarness, type CrmHarness } from './helpers/crm-harness.js';

/** Fxiaoke stage option values of the fake's tenant, as journeys/connectors/fxiaoke.yaml would map them. */
const FXIAOKE_STAGES = { inbound: { '1': 'qualified', '2': 'qualified', '3': 'quoted', '4': 'negotiating', '5': 'won', '6': 'lost' } } as const;

describe('CRM sync across Fxiaoke (polled) and HubSpot (pushed), against real Temporal and CRM fakes', () => {
  let fx: Awaited<ReturnType<typeof startFxiaokeFake>>;
  let hs: Awaited<ReturnType<typeof startHubspotFake>>;
  let zo: Awaited<ReturnType<typeof startZohoFake>>;
  let zoho: ReturnType<typeof zohoConnector>;
  let h: CrmHarness;

  beforeAll(async () => {
    [fx, hs, zo] = await Promise.all([startFxiaokeFake(), startHubspotFake(), startZohoFake()]);
    zoho = zohoConnector(zohoConfigFromEnv(zo.env())!);
    const fxConfig = fxiaokeConfigFromEnv(fx.env())!;
    const hsConfig = hubspotConfigFromEnv({ HUBSPOT_ACCESS_TOKEN: hs.token, HUBSPOT_CLIENT_SECRET: hs.clientSecret, HUBSPOT_BASE_URL: hs.baseUrl })!;
    const connectors = new Map<string, ConfiguredConnector>([
      ['fxiaoke', fxiaokeConnector(fxConfig, { stages: FXIAOKE_STAGES })],
      ['hubspot', hubspotConnector(hsConfig)],
      ['zoho', zoho],
    ]);
    h = await startCrmHarness(connectors);
  });
  afterAll(async () => {
    await h?.close();
    await Promise.all([fx?.close(), hs?.close(), zo?.close()]);
  });

  it('the Fxiaoke poller misses nothing and doubles nothing across a worker restart, and each change reaches HubSpot once', async () => {
    const ids = ['a1', 'a2', 'a3', 'a4', 'a5'].map((n) => `${Date.now().toString(16)}${n}`.padStart(24, '0'));
    const t0 = Date.now() - 60_000;
    for (const id of ids) fx.addRecord({ _id: id, name: `Deal ${id}`, sales_stage: '1', last_modified_time: t0 });
    const deals = ids.map(() => hs.addDeal({ dealstage: 'qualifiedtobuy', pipeline: 'default' }));
    const leads: { id: string }[] = [];
    for (const [i, id] of ids.entries()) leads.push(await h.enrolLinked([{ connector: 'fxiaoke', id }, { connector: 'hubspot', id: deals[i]!.id }]));

    // Three records change at the same millisecond: the keyset cursor must not lose the ties.
    const t1 = Date.now();
    for (const id of ids.slice(0, 3)) fx.changeInUi(id, { sales_stage: '3' }, t1);
    const poller = await h.client.workflow.start<typeof crmPoller>('crmPoller', {
      workflowId: `crm-poller:fxiaoke:${Date.now()}`,
      taskQueue: h.taskQueue,
      args: [{ connector: 'fxiaoke', intervalMs: 300, pageSize: 2 }],
    });
    const patches = () => hs.count('PATCH /crm/v3/objects/deals/{dealId}');
    const writesTo = (i: number) => hs.state.stageWrites.filter((w) => w.id === deals[i]!.id).map((w) => w.to);
    const stageOf = async (i: number) => (await h.view(leads[i]!.id)).stage as string;
    try {
      // The first sweep reads every record as it stands: three quoted, two still qualified.
      await eventually(async () => ((await Promise.all([0, 1, 2].map(stageOf))).every((s) => s === 'quoted') ? true : undefined));
      // The changes so far have reached HubSpot (the two deals already qualified need no write);
      // the worker restarts between polls, not mid-write.
      await eventually(() => patches() >= 3, 60_000);

      // The worker goes away; meanwhile more changes happen in Fxiaoke; another worker takes over.
      await h.restartWorker(async () => {
        fx.changeInUi(ids[3]!, { sales_stage: '4' });
        fx.changeInUi(ids[4]!, { sales_stage: '4' });
        fx.changeInUi(ids[0]!, { sales_stage: '5' });
      });
      // A sticky workflow queue of the stopped worker holds tasks for a few seconds before they move on.
      await eventually(async () => ((await Promise.all([0, 3, 4].map(stageOf))).join() === 'won,negotiating,negotiating' ? true : undefined), 60_000);
      await new Promise((r) => setTimeout(r, 1500));

      const histories = await Promise.all(leads.map(async (l) => (await h.view(l.id)).history.map((e: { to: string; source: string }) => `${e.to}:${e.source}`)));
      expect(histories).toEqual([
        ['lead:enrolment', 'quoted:fxiaoke', 'won:fxiaoke'],
        ['lead:enrolment', 'quoted:fxiaoke'],
        ['lead:enrolment', 'quoted:fxiaoke'],
        ['lead:enrolment', 'qualified:fxiaoke', 'negotiating:fxiaoke'],
        ['lead:enrolment', 'qualified:fxiaoke', 'negotiating:fxiaoke'],
      ]);
      // Each of the eight changes reached the other CRM exactly once, in HubSpot's own stage ids,
      // but for the two that found their deal on that stage already: nothing to write there.
      await eventually(() => patches() >= 6, 60_000);
      await new Promise((r) => setTimeout(r, 1000));
      expect(patches()).toBe(6);
      expect([0, 1, 2, 3, 4].map(writesTo)).toEqual([['presentationscheduled', 'closedwon'], ['presentationscheduled'], ['presentationscheduled'], ['decisionmakerboughtin'], ['decisionmakerboughtin']]);
      expect(deals.map((d) => hs.state.deals.get(d.id)!.properties.dealstage)).toEqual(['closedwon', 'presentationscheduled', 'presentationscheduled', 'decisionmakerboughtin', 'decisionmakerboughtin']);
      // Fxiaoke was never written back to: every change came from it.
      expect(fx.state.updates).toHaveLength(0);
      expect((await poller.query(pollerStatusQuery)).polls).toBeGreaterThan(1);
    } finally {
      await poller.terminate('test over');
    }
  });

  it('a HubSpot webhook reaches Fxiaoke with its flows switched off; HubSpot’s echo of our own write is ignored', async () => {
    const fxId = `${Date.now().toString(16)}b1`.padStart(24, '0');
    fx.addRecord({ _id: fxId, name: 'Deal B', sales_stage: '1', last_modified_time: Date.now() - 60_000 });
    const deal = hs.addDeal({ dealstage: 'qualifiedtobuy', pipeline: 'default' });
    const lead = await h.enrolLinked([{ connector: 'fxiaoke', id: fxId }, { connector: 'hubspot', id: deal.id }]);
    const url = 'http://localhost/webhooks/hubspot';
    const deliver = (event: Parameters<typeof hs.signedWebhook>[0]) => {
      const signed = hs.signedWebhook(event, { url });
      return h.app.request('/webhooks/hubspot', { method: 'POST', body: signed.body, headers: signed.headers });
    };
    const moved = hs.moveDealInUi(deal.id, 'decisionmakerboughtin');
    for (let i = 0; i < 3; i++) expect((await deliver([moved])).status).toBe(202);
    await eventually(() => (fx.state.updates.length ? true : undefined));
    const update = fx.state.updates[0]!;
    expect(update).toMatchObject({ triggerWorkFlow: false, triggerApprovalFlow: false });
    expect(fx.state.records.get(fxId)!.sales_stage).toBe('4');

    // The journey moves on; HubSpot echoes the write leadflow makes there.
    expect((await h.api(`/api/leads/${lead.id}/events`, { id: 'won-1', type: 'stage.changed', stage: 'won' })).status).toBe(202);
    await eventually(() => (hs.state.deals.get(deal.id)!.properties.dealstage === 'closedwon' ? true : undefined));
    // HubSpot's webhook carries the time of the change: that of leadflow's own write.
    const changedAt = Date.parse(hs.state.deals.get(deal.id)!.updatedAt);
    expect((await deliver([hs.dealEvent({ objectId: Number(deal.id), propertyName: 'dealstage', propertyValue: 'closedwon', occurredAt: changedAt })])).status).toBe(202);
    const journey = await eventually(async () => {
      const v = await h.view(lead.id);
      return v.ignored.some((i: { reason: string }) => i.reason.startsWith('echo of leadflow')) ? v : undefined;
    });
    expect(journey.history.map((e: { to: string; source: string }) => `${e.to}:${e.source}`)).toEqual(['lead:enrolment', 'negotiating:hubspot', 'won:api']);
    expect(fx.state.records.get(fxId)!.sales_stage).toBe('5');
  });

  it('refuses a HubSpot webhook with a bad signature', async () => {
    const signed = hs.signedWebhook([hs.dealEvent({ objectId: 1, propertyName: 'dealstage', propertyValue: 'closedwon', occurredAt: Date.now() })], { url: 'http://localhost/webhooks/hubspot', secret: 'not-the-secret' });
    expect((await h.app.request('/webhooks/hubspot', { method: 'POST', body: signed.body, headers: signed.headers })).status).toBe(401);
  });

  it('Zoho: a notification changes the stage once however often it comes; our write goes out once with trigger [] and its echo is ignored', async () => {
    await zoho.watch({ channelId: '1000000068002', notifyUrl: 'http://localhost/webhooks/zoho' });
    const deal = zo.addDeal({ Stage: 'Qualification' });
    const lead = await h.enrolLinked([{ connector: 'zoho', id: deal.id }]);
    const deliver = () => {
      const d = zo.deliveryFor([deal.id]);
      return h.app.request('/webhooks/zoho', { method: 'POST', body: d.body, headers: d.headers });
    };
    zo.changeStageInUi(deal.id, 'Proposal/Price Quote');
    for (let i = 0; i < 3; i++) expect((await deliver()).status).toBe(202);
    await eventually(async () => ((await h.view(lead.id)).stage === 'quoted' ? true : undefined));

    const puts = () => zo.state.writes.filter((w) => w.method === 'PUT' && w.path.includes('Deals') && JSON.stringify(w.body).includes(deal.id));
    const notes = () => zo.state.writes.filter((w) => w.method === 'POST' && w.path.includes('Notes') && JSON.stringify(w.body).includes(deal.id));
    expect((await h.api(`/api/leads/${lead.id}/events`, { id: 'neg-1', type: 'stage.changed', stage: 'negotiating' })).status).toBe(202);
    await eventually(() => (zo.state.deals.get(deal.id)!.Stage === 'Negotiation/Review' ? true : undefined));
    expect(zo.state.triggers.at(-1)).toEqual([]);
    // Zoho notifies about the change leadflow made: the journey recognises its own write.
    expect((await deliver()).status).toBe(202);
    const journey = await eventually(async () => {
      const v = await h.view(lead.id);
      return v.ignored.some((i: { reason: string }) => i.reason.startsWith('echo of leadflow')) ? v : undefined;
    });
    expect(journey.history.map((e: { to: string; source: string }) => `${e.to}:${e.source}`)).toEqual(['lead:enrolment', 'quoted:zoho', 'negotiating:api']);
    await new Promise((r) => setTimeout(r, 1000));
    expect(puts()).toHaveLength(1);
    // The e-mail the lead got is on the deal's timeline, once.
    await eventually(() => notes().length >= 1);
    expect(notes()).toHaveLength(1);
    // The journey moves the lead back to `contacted`, written to Zoho as `Qualification`. Later,
    // someone edits other fields of the deal: Zoho notifies with that same stage, twice. The
    // lead stays `contacted` (Qualification would read as `qualified`).
    expect((await h.api(`/api/leads/${lead.id}/events`, { id: 'back-1', type: 'stage.changed', stage: 'contacted' })).status).toBe(202);
    await eventually(() => (zo.state.deals.get(deal.id)!.Stage === 'Qualification' ? true : undefined));
    for (let i = 0; i < 2; i++) {
      zo.changeStageInUi(deal.id, 'Qualification');
      expect((await deliver()).status).toBe(202);
    }
    const after = await eventually(async () => {
      const v = await h.view(lead.id);
      return v.ignored.some((i: { reason: string }) => i.reason.includes('changed, but not its stage')) ? v : undefined;
    });
    expect(after.stage).toBe('contacted');
    expect(puts()).toHaveLength(2);
    // A forged notification (wrong channel token) is refused.
    const forged = zo.deliveryFor([deal.id]);
    const body = JSON.parse(new TextDecoder().decode(forged.body));
    expect((await h.app.request('/webhooks/zoho', { method: 'POST', body: JSON.stringify({ ...body, token: 'x'.repeat(40) }), headers: forged.headers })).status).toBe(401);
  });
});
