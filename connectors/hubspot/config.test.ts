import { describe, expect, it } from 'vitest';
import { STAGES, stageRank } from '../../src/domain/stages.js';
import { hubspotConfigFromEnv } from './config.js';
import { HUBSPOT_DEFAULT_STAGES } from './default-stages.js';
import { hubspotConnector } from './index.js';

describe('HubSpot configuration', () => {
  it('is off without an access token, blank counting as unset', () => {
    expect(hubspotConfigFromEnv({})).toBeUndefined();
    expect(hubspotConfigFromEnv({ HUBSPOT_ACCESS_TOKEN: '  ', HUBSPOT_CLIENT_SECRET: 's' })).toBeUndefined();
  });

  it('fills HubSpot’s defaults', () => {
    expect(hubspotConfigFromEnv({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-x', HUBSPOT_PIPELINE: '' })).toEqual({
      accessToken: 'pat-na1-x', baseUrl: 'https://api.hubapi.com', pipeline: 'default', rateMax: 100, rateWindowS: 10,
    });
  });

  it('reads every variable', () => {
    const config = hubspotConfigFromEnv({
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-x', HUBSPOT_CLIENT_SECRET: 'secret', HUBSPOT_BASE_URL: 'http://127.0.0.1:9999/',
      HUBSPOT_PIPELINE: '12345', HUBSPOT_RATE_MAX: '190', HUBSPOT_RATE_WINDOW_S: '10', HUBSPOT_WEBHOOK_URL: 'https://crm.example.com/hooks/hubspot',
    });
    expect(config).toEqual({
      accessToken: 'pat-na1-x', clientSecret: 'secret', baseUrl: 'http://127.0.0.1:9999', pipeline: '12345',
      rateMax: 190, rateWindowS: 10, webhookUrl: 'https://crm.example.com/hooks/hubspot',
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => hubspotConfigFromEnv({ HUBSPOT_ACCESS_TOKEN: 'x', HUBSPOT_RATE_MAX: 'lots' })).toThrow(/HUBSPOT_RATE_MAX/);
    expect(() => hubspotConfigFromEnv({ HUBSPOT_ACCESS_TOKEN: 'x', HUBSPOT_WEBHOOK_URL: '/hooks' })).toThrow(/HUBSPOT_WEBHOOK_URL/);
  });
});

describe('HubSpot default stages', () => {
  const { stages } = hubspotConnector({ accessToken: 'x', baseUrl: 'http://127.0.0.1:1', pipeline: 'default', rateMax: 1, rateWindowS: 1 });

  it('reads every written stage back as itself, except lead (HubSpot has no pre-contact stage)', () => {
    for (const stage of STAGES) {
      const crm = stages.toCrm(stage);
      expect(crm, stage).toBeDefined();
      if (stage !== 'lead') expect(stages.toFunnel(crm!), stage).toBe(stage);
    }
    expect(stages.toCrm('lead')).toBe('appointmentscheduled');
    expect(stages.toCrm('negotiating')).toBe('decisionmakerboughtin');
  });

  it('never moves a deal back in the funnel as it advances through the default pipeline', () => {
    const order = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon'];
    const ranks = order.map((id) => stageRank(HUBSPOT_DEFAULT_STAGES.inbound[id]!));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('takes a connection’s own stage ids over the defaults', () => {
    const custom = hubspotConnector(
      { accessToken: 'x', baseUrl: 'http://127.0.0.1:1', pipeline: '777', rateMax: 1, rateWindowS: 1 },
      { stages: { inbound: { '1020304': 'quoted' }, outbound: { quoted: '1020304' } } },
    ).stages;
    expect(custom.toFunnel('1020304')).toBe('quoted');
    expect(custom.toCrm('quoted')).toBe('1020304');
  });
});
