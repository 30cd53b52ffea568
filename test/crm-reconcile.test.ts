import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ConfiguredConnector } from '../src/crm/configured.js';
import { createLogger } from '../src/logger.js';
import { startCrmWorkflows } from '../src/runtime/crm-workflows.js';
import { reconcilerStatusQuery } from '../workflows/crm-reconciler.js';
import { startHubspotFake, type HubspotFake } from './fakes/hubspot-fake.js';
import { startZohoFake, type ZohoFake } from './fakes/zoho-fake.js';
import { runCli } from './helpers/cli.js';
import { fakeConnectors } from './helpers/fake-connectors.js';
import { eventually, historyOf, QUIET_JOURNEYS, startCrmHarness, type CrmHarness } from './helpers/crm-harness.js';

// Issue 9, defect 5: after an outage, and on demand, each linked record is compared with its
// journey and the difference repaired, the most recent change winning.
describe('reconciliation: `leadflow connectors reconcile`, and a durable reconciler per connection', () => {
  let hs: HubspotFake;
  let zo: ZohoFake;
  let h: CrmHarness;
  let connectors: Map<string, ConfiguredConnector>;
  const reconcile = (...args: string[]) => runCli(['connectors', 'reconcile', ...args], { TEMPORAL_ADDRESS: inject('devServerAddress'), TEMPORAL_TASK_QUEUE: h.taskQueue, LOG_LEVEL: 'silent' });

  beforeAll(async () => {
    [hs, zo] = await Promise.all([startHubspotFake(), startZohoFake()]);
    connectors = new Map<string, ConfiguredConnector>([
      ['hubspot', fakeConnectors.hubspot(hs)],
      ['zoho', fakeConnectors.zoho(zo)],
    ]);
    h = await startCrmHarness(connectors, QUIET_JOURNEYS);
  });
  afterAll(async () => {
    await h?.close();
    await Promise.all([hs?.close(), zo?.close()]);
  });

  it('pulls a CRM change that never reached leadflow into the journey, and says so', async () => {
    const deal = hs.addDeal({ dealstage: 'qualifiedtobuy' });
    const zohoDeal = zo.addDeal({ Stage: 'Qualification' });
    const lead = await h.enrolLinked([{ connector: 'hubspot', id: deal.id }, { connector: 'zoho', id: zohoDeal.id }]);
    // The deal is won while leadflow is down: its webhook never arrives.
    hs.moveDealInUi(deal.id, 'closedwon');

    const run = reconcile('hubspot', '--lead', lead.id);
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(new RegExp(`${lead.id} +hubspot ${deal.id}: pulled .*closedwon.*lead → won`));
    expect(run.output()).toContain('1 pulled into journeys');
    const journey = await eventually(async () => {
      const v = await h.view(lead.id);
      return v.stage === 'won' && zo.state.deals.get(zohoDeal.id)!.Stage === 'Closed Won' ? v : undefined;
    });
    expect(historyOf(journey)).toEqual(['lead:enrolment', 'won:hubspot']);
  });

  it('pushes the journey’s stage to a record that missed it, across the whole connection', async () => {
    const deal = zo.addDeal({ Stage: 'Qualification' });
    zo.state.locked.add(deal.id);
    const lead = await h.enrolLinked([{ connector: 'zoho', id: deal.id }]);
    expect((await h.api(`/api/leads/${lead.id}/events`, { id: 'quoted', type: 'stage.changed', stage: 'quoted' })).status).toBe(202);
    await eventually(async () => ((await h.view(lead.id)).errors.length ? true : undefined));
    // Someone unlocks the deal; nothing tells leadflow, until reconciliation runs.
    zo.state.locked.delete(deal.id);

    const run = reconcile('zoho');
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(new RegExp(`${lead.id} +zoho ${deal.id}: pushed .*quoted`));
    expect(run.output()).toMatch(/[1-9]\d* pushed to zoho/);
    await eventually(() => (zo.state.deals.get(deal.id)!.Stage === 'Proposal/Price Quote' ? true : undefined));
  });

  it('runs by itself for each connection, on the configured interval', async () => {
    const deal = hs.addDeal({ dealstage: 'qualifiedtobuy' });
    const lead = await h.enrolLinked([{ connector: 'hubspot', id: deal.id }]);
    expect((await h.api(`/api/leads/${lead.id}/events`, { id: 'quoted', type: 'stage.changed', stage: 'quoted' })).status).toBe(202);
    await eventually(() => (hs.state.deals.get(deal.id)!.properties.dealstage === 'presentationscheduled' ? true : undefined));

    const started = await startCrmWorkflows(h.client, h.taskQueue, { HUBSPOT_RECONCILE_INTERVAL: '2s', ZOHO_RECONCILE_INTERVAL: 'off' }, connectors, createLogger('silent'));
    try {
      expect(started).toContain('crm-reconciler:hubspot');
      expect(started).not.toContain('crm-reconciler:zoho');
      const reconciler = h.client.workflow.getHandle('crm-reconciler:hubspot');
      // The first pass runs at once (a worker just started) and finds the deal in agreement.
      await eventually(async () => ((await reconciler.query(reconcilerStatusQuery)).passes >= 1 ? true : undefined));
      // A rep moves the deal while its webhook is lost; a later pass, on the interval, brings it in.
      hs.moveDealInUi(deal.id, 'contractsent');
      await eventually(async () => ((await h.view(lead.id)).stage === 'negotiating' ? true : undefined), 45_000);
      const status = await eventually(async () => {
        const s = await reconciler.query(reconcilerStatusQuery);
        return s.lastReport?.counts.pulled ? s : undefined;
      });
      expect(status.lastReport!.changes).toContainEqual(expect.objectContaining({ leadId: lead.id, recordId: deal.id, action: 'pulled', from: 'quoted', journeyStage: 'negotiating' }));
    } finally {
      await Promise.all(started.map((id) => h.client.workflow.getHandle(id).terminate('test over').catch(() => undefined)));
    }
  });

  it('exits 2 for a connector that does not exist or that the workers do not run', async () => {
    const unknown = reconcile('salesforce');
    expect(await unknown.exited).toBe(2);
    expect(unknown.output()).toMatch(/salesforce.*(zoho|fxiaoke|hubspot|generic)/);
    const off = reconcile('fxiaoke');
    expect(await off.exited).toBe(2);
    expect(off.output()).toMatch(/fxiaoke is not configured on the workers/);
  });
});
