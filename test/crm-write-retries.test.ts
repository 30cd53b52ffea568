import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfiguredConnector } from '../src/crm/configured.js';
import { startChaosProxy, type ChaosProxy } from './fakes/chaos-proxy.js';
import { startFxiaokeFake, type FxiaokeFake } from './fakes/fxiaoke-fake.js';
import { startHubspotFake, type HubspotFake } from './fakes/hubspot-fake.js';
import { startZohoFake, type ZohoFake } from './fakes/zoho-fake.js';
import { eventually, QUIET_JOURNEYS, settled, startCrmHarness, type CrmHarness } from './helpers/crm-harness.js';
import { fakeConnectors } from './helpers/fake-connectors.js';
import { findTrouble } from '../src/doctor/find-trouble.js';
import { formatTroubles } from '../src/doctor/report.js';


interface RecordView { connector: string; id: string; status: string; pending?: { stage: string; attempts: number; lastError?: string; nextAttemptAt?: string }; gaveUp?: { stage: string; reason: string } }
const recordOf = (view: { crm?: RecordView[] }, id: string) => view.crm?.find((r) => r.id === id);

// Issue 9, defects 3 and 4: retries that converge once the CRM heals, and say why while they wait.
describe('CRM stage writes retry until they land, unless the CRM refuses the record, and the lead shows which', () => {
  let fx: FxiaokeFake;
  let hs: HubspotFake;
  let zo: ZohoFake;
  let fxProxy: ChaosProxy;
  let hsProxy: ChaosProxy;
  let h: CrmHarness;
  const move = (leadId: string, stage: string) => h.api(`/api/leads/${leadId}/events`, { id: `${leadId}-${stage}`, type: 'stage.changed', stage });

  beforeAll(async () => {
    [fx, hs, zo] = await Promise.all([startFxiaokeFake(), startHubspotFake(), startZohoFake()]);
    [fxProxy, hsProxy] = await Promise.all([startChaosProxy({ upstream: fx.baseUrl, vendor: 'fxiaoke' }), startChaosProxy({ upstream: hs.baseUrl, vendor: 'hubspot' })]);
    const connectors = new Map<string, ConfiguredConnector>([
      ['fxiaoke', fakeConnectors.fxiaoke(fx, { FXIAOKE_BASE_URL: fxProxy.url, FXIAOKE_RATE_WINDOW_S: '1' })],
      ['hubspot', fakeConnectors.hubspot(hs, hsProxy.url)],
      ['zoho', fakeConnectors.zoho(zo)],
    ]);
    h = await startCrmHarness(connectors, QUIET_JOURNEYS);
  });
  afterAll(async () => {
    await h?.close();
    await Promise.all([fxProxy?.close(), hsProxy?.close()]);
    await Promise.all([fx?.close(), hs?.close(), zo?.close()]);
  });

  it('a write that keeps failing shows on the lead with what the CRM answered, and lands soon after the CRM heals', async () => {
    const deal = hs.addDeal({ dealstage: 'qualifiedtobuy' });
    const lead = await h.enrolLinked([{ connector: 'hubspot', id: deal.id }]);
    hsProxy.down({ kind: 'server-error' });
    expect((await move(lead.id, 'quoted')).status).toBe(202);

    const waiting = await settled(async () => recordOf(await h.view(lead.id), deal.id), (r) => r?.status === 'pending' && r.pending!.attempts >= 2);
    expect(waiting).toMatchObject({ connector: 'hubspot', status: 'pending', pending: { stage: 'quoted' } });
    expect(waiting?.pending?.lastError).toMatch(/HubSpot .*50[23]/);
    expect(Date.parse(waiting?.pending?.nextAttemptAt ?? '')).toBeGreaterThan(0);

    hsProxy.healthy();
    await eventually(() => (hs.state.deals.get(deal.id)!.properties.dealstage === 'presentationscheduled' ? true : undefined), 75_000);
    const journey = await eventually(async () => {
      const v = await h.view(lead.id);
      return recordOf(v, deal.id)?.status === 'in-sync' ? v : undefined;
    });
    expect(journey.errors).toEqual([]);
  });

  it('a transient failure, even one answered with HTTP 200, is retried until the write lands', async () => {
    const id = `${Date.now().toString(16)}d1`.padStart(24, '0');
    fx.addRecord({ _id: id, sales_stage: '2', last_modified_time: Date.now() - 60_000 });
    const lead = await h.enrolLinked([{ connector: 'fxiaoke', id }]);
    // A gateway's maintenance page with status 200, as Chinese cloud gateways answer while busy.
    fxProxy.failNext({ method: 'POST', path: '/cgi/crm/v2/data/update' }, { kind: 'respond', status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>系统维护中，请稍后再试</body></html>' });
    expect((await move(lead.id, 'quoted')).status).toBe(202);

    // Written, and the journey has the answer: the record is in sync, and nothing went under errors.
    const state = async () => {
      const v = await h.view(lead.id);
      return { written: fx.state.records.get(id)!.sales_stage, status: recordOf(v, id)?.status, errors: v.errors.map((e: { message: string }) => e.message) };
    };
    expect(await settled(state, (s) => s.written === '3' && s.status === 'in-sync', 45_000)).toEqual({ written: '3', status: 'in-sync', errors: [] });
  });

  it('only an explicit refusal of the record stops the retries, and the lead says what the CRM answered', async () => {
    const deal = zo.addDeal({ Stage: 'Qualification' });
    zo.state.locked.add(deal.id);
    const lead = await h.enrolLinked([{ connector: 'zoho', id: deal.id }]);
    expect((await move(lead.id, 'quoted')).status).toBe(202);

    const journey = await settled(() => h.view(lead.id), (v) => v.errors.length > 0);
    expect(journey.errors.map((e: { message: string }) => e.message)).toEqual([expect.stringMatching(/zoho record \d+: stage quoted not written; zoho refused: .*RECORD_LOCKED.*record is locked/i)]);
    expect(recordOf(journey, deal.id)).toMatchObject({ status: 'gave-up', gaveUp: { stage: 'quoted' } });
    const puts = zo.state.writes.filter((w) => w.method === 'PUT' && JSON.stringify(w.body).includes(deal.id));
    expect(puts).toHaveLength(1);

    // The doctor names the record, what the CRM answered, and what to do.
    const { troubles } = await findTrouble(h.client, { taskQueue: h.taskQueue, since: new Date(Date.now() - 3_600_000) });
    const found = troubles.find((t) => t.workflowId.endsWith(lead.id));
    expect(found?.crm).toEqual([expect.objectContaining({ record: `zoho record ${deal.id}`, status: 'gave-up', reason: expect.stringMatching(/RECORD_LOCKED/), advice: expect.stringContaining('leadflow connectors check') })]);
    expect(formatTroubles({ checked: troubles.length, troubles: [found!] }, new Date())).toContain(`zoho record ${deal.id}: gave-up:`);
  });

  // Found by the chaos run: the note's retries were cancelled with the stage's loops.
  it('a note still being retried when the stage changes is written once the CRM heals', async () => {
    const deal = hs.addDeal({ dealstage: 'qualifiedtobuy' });
    hsProxy.down({ kind: 'server-error' });
    const lead = await h.enrolLinked([{ connector: 'hubspot', id: deal.id }]);
    // The welcome e-mail is sent; its note waits on HubSpot, and the stage changes meanwhile.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await move(lead.id, 'quoted')).status).toBe(202);
    await new Promise((r) => setTimeout(r, 1500));
    hsProxy.healthy();
    const notes = () => [...hs.state.notes.values()].filter((n) => n.associations.some((a) => a.to.id === deal.id)).length;
    const state = () => ({ notes: notes(), stage: hs.state.deals.get(deal.id)!.properties.dealstage });
    expect(await settled(state, (s) => s.notes === 1 && s.stage === 'presentationscheduled', 75_000)).toEqual({ notes: 1, stage: 'presentationscheduled' });
  });
});
