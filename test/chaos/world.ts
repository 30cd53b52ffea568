import { HUBSPOT_DEFAULT_STAGES } from '../../connectors/hubspot/index.js';
import type { StageMap } from '../../connectors/shared/stage-map.js';
import { ZOHO_DEFAULT_STAGES } from '../../connectors/zoho/index.js';
import type { ConfiguredConnector } from '../../src/crm/configured.js';
import type { Stage } from '../../src/domain/stages.js';
import { startChaosProxy, type ChaosVendor } from '../fakes/chaos-proxy.js';
import { startFxiaokeFake } from '../fakes/fxiaoke-fake.js';
import { startHubspotFake } from '../fakes/hubspot-fake.js';
import { startZohoFake } from '../fakes/zoho-fake.js';
import { startCrmHarness } from '../helpers/crm-harness.js';
import { FAKE_FXIAOKE_STAGES, fakeConnectors } from '../helpers/fake-connectors.js';
import { testLead } from '../helpers/leads.js';
import type { ChaosProfile, ScheduledChange } from './scenario.js';

const API_STAGES: Stage[] = ['contacted', 'qualified', 'quoted', 'negotiating', 'won', 'lost'];

/** Leads enter at `qualified`, where their CRM records are, get one e-mail, and follow-ups when negotiating. */
const CHAOS_JOURNEYS = {
  'funnel.yaml': 'stages:\n  qualified:\n    sequence: hello\n  negotiating:\n    followUp:\n      every: 20s\n      task: "Call {{ lead.name }}"\n',
  'sequences/hello.yaml': 'name: hello\nsteps:\n  - send: hello\n    window: any\n',
  'templates/hello/en.html': '---\nsubject: "Hello"\n---\n<p>Hello</p>\n',
};

export interface ChaosLead {
  id: string;
  hubspot: string;
  fxiaoke: string;
  zoho: string;
}

/** Whether a CRM value stands for the journey's stage: it maps to it, or it is what leadflow writes for it. */
export const agrees = (stages: StageMap, value: string | undefined, stage: Stage) => value !== undefined && (stages.toFunnel(value) === stage || stages.toCrm(stage) === value);

export async function startChaosWorld(profile: ChaosProfile, seed: number) {
  const [hs, fx, zo] = await Promise.all([startHubspotFake(), startFxiaokeFake(), startZohoFake({ notify: true })]);
  const upstream: Record<ChaosVendor, string> = { hubspot: hs.baseUrl, fxiaoke: fx.baseUrl, zoho: zo.apiDomain };
  const [hsProxy, fxProxy, zoProxy] = await Promise.all((['hubspot', 'fxiaoke', 'zoho'] as const).map((vendor, i) => startChaosProxy({ upstream: upstream[vendor], vendor, seed: seed + i + 1 })));
  const proxies = { hubspot: hsProxy!, fxiaoke: fxProxy!, zoho: zoProxy! };
  // Zoho's token answer names the API host: the proxy, so that API calls meet the faults too.
  zo.state.announcedApiDomain = zoProxy!.url;
  const zoho = fakeConnectors.zoho(zo, { ZOHO_ACCOUNTS_URL: zoProxy!.url });
  const connectors = new Map<string, ConfiguredConnector>([
    ['hubspot', fakeConnectors.hubspot(hs, hsProxy!.url)],
    ['fxiaoke', fakeConnectors.fxiaoke(fx, { FXIAOKE_BASE_URL: fxProxy!.url, FXIAOKE_RATE_MAX: '100', FXIAOKE_RATE_WINDOW_S: '5' })],
    ['zoho', zoho],
  ]);
  const h = await startCrmHarness(connectors, CHAOS_JOURNEYS);
  const url = await h.listen();
  hs.webhooks.setUrl(`${url}/webhooks/hubspot`);
  await zoho.watch({ channelId: '1000000068009', notifyUrl: `${url}/webhooks/zoho` });

  const leads: ChaosLead[] = [];
  for (let i = 0; i < profile.leads; i++) {
    const fxId = `65f1${seed.toString(16).padStart(4, '0')}${i.toString(16).padStart(16, '0')}`;
    fx.addRecord({ _id: fxId, sales_stage: '2', last_modified_time: Date.now() - 60_000 });
    leads.push({ id: `chaos-${seed}-${i}`, hubspot: hs.addDeal({ dealstage: 'qualifiedtobuy' }).id, fxiaoke: fxId, zoho: zo.addDeal({ Stage: 'Needs Analysis' }).id });
  }
  // Ten at a time: each waits for its welcome e-mail, so every journey is under way.
  for (let i = 0; i < leads.length; i += 10) {
    await Promise.all(leads.slice(i, i + 10).map(async (l) => {
      const lead = testLead({ id: l.id, stage: 'qualified', crm: [{ connector: 'hubspot', id: l.hubspot }, { connector: 'fxiaoke', id: l.fxiaoke }, { connector: 'zoho', id: l.zoho }] });
      await h.enrolWith(lead);
    }));
  }
  // Fxiaoke is polled (it has no push of its own); Zoho is polled too, as the fallback for lost notifications.
  const pollers = [await h.startPoller('fxiaoke', 1000), await h.startPoller('zoho', 2000)];

  const values = {
    hubspot: Object.keys(HUBSPOT_DEFAULT_STAGES.inbound),
    fxiaoke: Object.keys(FAKE_FXIAOKE_STAGES.inbound),
    zoho: Object.keys(ZOHO_DEFAULT_STAGES.inbound).filter((v) => zo.state.stageValues.includes(v)),
  };
  let applied = 0;

  /** One scheduled change, made the way its source makes it. */
  async function apply(change: ScheduledChange): Promise<void> {
    const lead = leads[change.lead]!;
    applied += 1;
    if (change.source === 'api') {
      const stage = API_STAGES[change.pick % API_STAGES.length]!;
      const res = await h.api(`/api/leads/${lead.id}/events`, { id: `chaos-change-${applied}`, type: 'stage.changed', stage });
      if (res.status !== 202) throw new Error(`the API refused a stage change: ${res.status} ${await res.text()}`);
    } else if (change.source === 'hubspot') {
      const value = values.hubspot[change.pick % values.hubspot.length]!;
      // Moving a deal to the stage it is on is no change in HubSpot: it sends nothing.
      if (hs.state.deals.get(lead.hubspot)!.properties.dealstage !== value) hs.moveDealInUi(lead.hubspot, value);
    } else if (change.source === 'fxiaoke') {
      fx.changeInUi(lead.fxiaoke, { sales_stage: values.fxiaoke[change.pick % values.fxiaoke.length]! });
    } else {
      zo.changeStageInUi(lead.zoho, values.zoho[change.pick % values.zoho.length]!);
    }
  }

  return {
    h,
    hs,
    fx,
    zo,
    proxies,
    connectors,
    leads,
    apply,
    /** Each lead's three CRM values now. */
    crmValues: (l: ChaosLead) => ({ hubspot: hs.state.deals.get(l.hubspot)!.properties.dealstage ?? undefined, fxiaoke: fx.state.records.get(l.fxiaoke)!.sales_stage, zoho: zo.state.deals.get(l.zoho)!.Stage }),
    async close() {
      await Promise.all(pollers.map((p) => p.terminate('chaos over').catch(() => undefined)));
      await hs.webhooks.idle();
      await h.close();
      await Promise.all(Object.values(proxies).map((p) => p.close()));
      await Promise.all([hs.close(), fx.close(), zo.close()]);
    },
  };
}

export type ChaosWorld = Awaited<ReturnType<typeof startChaosWorld>>;
