import { fxiaokeConfigFromEnv, fxiaokeConnector } from '../../connectors/fxiaoke/index.js';
import { hubspotConfigFromEnv, hubspotConnector } from '../../connectors/hubspot/index.js';
import { zohoConfigFromEnv, zohoConnector } from '../../connectors/zoho/index.js';
import type { FxiaokeFake } from '../fakes/fxiaoke-fake.js';
import type { HubspotFake } from '../fakes/hubspot-fake.js';
import type { ZohoFake } from '../fakes/zoho-fake.js';

/** The fake tenant's 商机 stage options as journeys/connectors/fxiaoke.yaml would map them. */
export const FAKE_FXIAOKE_STAGES = { inbound: { '1': 'contacted', '2': 'qualified', '3': 'quoted', '4': 'negotiating', '5': 'won', '6': 'lost' } } as const;

/**
 * Connectors configured the way a user would (their env variables) against the CRM fakes,
 * optionally through a proxy at `via`. Extra variables override (rate limits, for tests).
 */
export const fakeConnectors = {
  hubspot: (hs: HubspotFake, via = hs.baseUrl) => hubspotConnector(hubspotConfigFromEnv({ HUBSPOT_ACCESS_TOKEN: hs.token, HUBSPOT_CLIENT_SECRET: hs.clientSecret, HUBSPOT_BASE_URL: via })!),
  fxiaoke: (fx: FxiaokeFake, extra: Record<string, string> = {}) => fxiaokeConnector(fxiaokeConfigFromEnv(fx.env(extra))!, { stages: FAKE_FXIAOKE_STAGES }),
  zoho: (zo: ZohoFake, extra: Record<string, string> = {}) => zohoConnector(zohoConfigFromEnv(zo.env(extra))!),
};
