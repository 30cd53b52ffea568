import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfiguredConnector } from '../src/crm/configured.js';
import { startChaosProxy, type ChaosProxy } from './fakes/chaos-proxy.js';
import { startFxiaokeFake, type FxiaokeFake } from './fakes/fxiaoke-fake.js';
import { startHubspotFake, type HubspotFake } from './fakes/hubspot-fake.js';
import { startZohoFake, type ZohoFake } from './fakes/zoho-fake.js';
import { testLead } from './helpers/leads.js';
import { fakeConnectors } from './helpers/fake-connectors.js';
import { eventually, historyOf, QUIET_JOURNEYS, settled, startCrmHarness, type CrmHarness } from './helpers/crm-harness.js';

const UPDATE = { method: 'POST', path: '/cgi/crm/v2/data/update' };

// Issue 9, defects 1 and 2: what lands in a CRM, and what the journey takes for its own echo.
describe('CRM writes never overwrite a newer change, and echoes are only the latest write', () => {
  let fx: FxiaokeFake;
  let hs: HubspotFake;
  let zo: ZohoFake;
  let proxy: ChaosProxy;
  let h: CrmHarness;
  let n = 0;
  const newFxRecord = (stage: string) => fx.addRecord({ _id: `${Date.now().toString(16)}c${(n += 1)}`.padStart(24, '0'), sales_stage: stage, last_modified_time: Date.now() - 60_000 });
  const deliverHubspot = (event: Parameters<HubspotFake['signedWebhook']>[0]) => {
    const signed = hs.signedWebhook(event, { url: 'http://localhost/webhooks/hubspot' });
    return h.app.request('/webhooks/hubspot', { method: 'POST', body: signed.body, headers: signed.headers });
  };

  beforeAll(async () => {
    [fx, hs, zo] = await Promise.all([startFxiaokeFake(), startHubspotFake(), startZohoFake()]);
    const zoho = fakeConnectors.zoho(zo);
    proxy = await startChaosProxy({ upstream: fx.baseUrl, vendor: 'fxiaoke' });
    const connectors = new Map<string, ConfiguredConnector>([
      ['fxiaoke', fakeConnectors.fxiaoke(fx, { FXIAOKE_BASE_URL: proxy.url, FXIAOKE_RATE_WINDOW_S: '1' })],
      ['hubspot', fakeConnectors.hubspot(hs)],
      ['zoho', zoho],
    ]);
    h = await startCrmHarness(connectors, QUIET_JOURNEYS);
    await zoho.watch({ channelId: '1000000068003', notifyUrl: 'http://localhost/webhooks/zoho' });
  });
  afterAll(async () => {
    await h?.close();
    await proxy?.close();
    await Promise.all([fx?.close(), hs?.close(), zo?.close()]);
  });

  it('a retried write that the journey has outdated never lands over a newer change made in the CRM', async () => {
    const opportunity = newFxRecord('2');
    const deal = hs.addDeal({ dealstage: 'qualifiedtobuy' });
    const lead = await h.enrolLinked([{ connector: 'fxiaoke', id: opportunity._id }, { connector: 'hubspot', id: deal.id }]);
    const poller = await h.startPoller('fxiaoke', 300, `${Date.now()}:`);
    try {
      // Fxiaoke's first answer to leadflow's write is a 502; the retry is held at the proxy.
      proxy.failNext(UPDATE, { kind: 'server-error' });
      const retry = proxy.hold(UPDATE);

      expect((await deliverHubspot([hs.moveDealInUi(deal.id, 'closedwon')])).status).toBe(202);
      await retry.arrived;
      // While leadflow's "won" is on its way, a rep sets the opportunity to 方案/报价 (quoted); the
      // poller brings that to the journey; only then does the stale "won" reach Fxiaoke.
      fx.changeInUi(opportunity._id, { sales_stage: '3' });
      await eventually(async () => ((await h.view(lead.id)).stage === 'quoted' ? true : undefined));
      retry.release();

      // The rep's change is the latest: the journey and both CRMs end on quoted.
      const state = async () => ({ journey: (await h.view(lead.id)).stage, fxiaoke: fx.state.records.get(opportunity._id)!.sales_stage, hubspot: hs.state.deals.get(deal.id)!.properties.dealstage });
      const final = { journey: 'quoted', fxiaoke: '3', hubspot: 'presentationscheduled' };
      expect(await settled(state, (s) => JSON.stringify(s) === JSON.stringify(final), 60_000)).toEqual(final);
      expect(historyOf(await h.view(lead.id))).toEqual(['lead:enrolment', 'won:hubspot', 'quoted:fxiaoke']);
    } finally {
      await poller.terminate('test over');
    }
  });

  // Fxiaoke's own flows do not fire for leadflow's writes (they are switched off), so the tenant's
  // push never echoes them: only a rep's edits come back.
  it('a rep setting a value leadflow wrote earlier, but not last, is a real change', async () => {
    const opportunity = newFxRecord('2');
    const deal = hs.addDeal({ dealstage: 'qualifiedtobuy' });
    const lead = await h.enrolLinked([{ connector: 'fxiaoke', id: opportunity._id }, { connector: 'hubspot', id: deal.id }]);
    const stages = () => `${fx.state.records.get(opportunity._id)!.sales_stage}/${hs.state.deals.get(deal.id)!.properties.dealstage}`;

    // leadflow writes 4 (negotiating), then 3 (quoted) to the opportunity…
    expect((await h.api(`/api/leads/${lead.id}/events`, { id: 'to-negotiating', type: 'stage.changed', stage: 'negotiating' })).status).toBe(202);
    await eventually(() => (stages() === '4/decisionmakerboughtin' ? true : undefined));
    expect((await h.api(`/api/leads/${lead.id}/events`, { id: 'to-quoted', type: 'stage.changed', stage: 'quoted' })).status).toBe(202);
    await eventually(() => (stages() === '3/presentationscheduled' ? true : undefined));
    await new Promise((r) => setTimeout(r, 1500));
    // …then a rep sets it back to 4 in Fxiaoke, and the tenant's push says so.
    fx.changeInUi(opportunity._id, { sales_stage: '4' });
    const push = fx.pushFor(opportunity._id);
    expect((await h.app.request('/webhooks/fxiaoke', { method: 'POST', body: push.body, headers: push.headers })).status).toBe(202);
    // The journey follows the rep, and so does HubSpot.
    const state = async () => ({ journey: (await h.view(lead.id)).stage, crms: stages() });
    const final = { journey: 'negotiating', crms: '4/decisionmakerboughtin' };
    expect(await settled(state, (s) => JSON.stringify(s) === JSON.stringify(final))).toEqual(final);
    expect(historyOf(await h.view(lead.id))).toEqual(['lead:enrolment', 'negotiating:api', 'quoted:api', 'negotiating:fxiaoke']);
  });

  // Found by the chaos run: the stage was never changed, only confirmed, so nothing was pushed.
  it('a CRM confirming the journey’s stage after an older change elsewhere brings the other CRM back to it', async () => {
    const opportunity = newFxRecord('2');
    const deal = zo.addDeal({ Stage: 'Needs Analysis' });
    const lead = await h.enrolWith(testLead({ stage: 'qualified', crm: [{ connector: 'fxiaoke', id: opportunity._id }, { connector: 'zoho', id: deal.id }] }));
    // A rep moves the Zoho deal on; a little later another re-saves the opportunity at 需求确定 (qualified).
    zo.changeStageInUi(deal.id, 'Proposal/Price Quote');
    await new Promise((r) => setTimeout(r, 1500));
    fx.changeInUi(opportunity._id, { sales_stage: '2' });
    const push = fx.pushFor(opportunity._id);
    expect((await h.app.request('/webhooks/fxiaoke', { method: 'POST', body: push.body, headers: push.headers })).status).toBe(202);
    await eventually(async () => ((await h.view(lead.id)).crm.find((r: { connector: string }) => r.connector === 'fxiaoke')?.crmStageAt ? true : undefined));
    // Zoho's notification comes late: its change is the older one, so Zoho follows the journey.
    const notice = zo.deliveryFor([deal.id]);
    expect((await h.app.request('/webhooks/zoho', { method: 'POST', body: notice.body, headers: notice.headers })).status).toBe(202);
    const state = async () => ({ journey: (await h.view(lead.id)).stage, zoho: zo.state.deals.get(deal.id)!.Stage });
    expect(await settled(state, (s) => s.zoho === 'Needs Analysis')).toEqual({ journey: 'qualified', zoho: 'Needs Analysis' });
  });

  // Found by the chaos run: leadflow's clock stood in for when the record changed, and hid a rep's change.
  it('a write read back already changed by someone else is known as that change, and put right', async () => {
    const opportunity = newFxRecord('2');
    const lead = await h.enrolLinked([{ connector: 'fxiaoke', id: opportunity._id }]);
    // leadflow reads the record, writes 1 (contacted), and reads it back: the read-back waits at the proxy.
    const query = { method: 'POST', path: '/cgi/crm/v2/data/query' };
    proxy.failNext(query, { kind: 'pass' });
    const readBack = proxy.hold(query);
    expect((await h.api(`/api/leads/${lead.id}/events`, { id: 'contacted-1', type: 'stage.changed', stage: 'contacted' })).status).toBe(202);
    await readBack.arrived;
    // Meanwhile a rep sets 2, and the API moves the lead to won and back to contacted: both newer than the rep.
    fx.changeInUi(opportunity._id, { sales_stage: '2' });
    await new Promise((r) => setTimeout(r, 50));
    for (const [id, stage] of [['won-1', 'won'], ['contacted-2', 'contacted']]) expect((await h.api(`/api/leads/${lead.id}/events`, { id, type: 'stage.changed', stage })).status).toBe(202);
    await eventually(async () => ((await h.view(lead.id)).history.length === 4 ? true : undefined));
    readBack.release();
    // The record does not hold what leadflow wrote, and the journey's change is the newer: 1 is written again.
    const state = async () => ({ journey: (await h.view(lead.id)).stage, fxiaoke: fx.state.records.get(opportunity._id)!.sales_stage });
    expect(await settled(state, (s) => s.fxiaoke === '1')).toEqual({ journey: 'contacted', fxiaoke: '1' });
  });
});
