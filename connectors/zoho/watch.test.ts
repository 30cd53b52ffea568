import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEALS_MODULE_ID, STAGE_FIELD_ID, startZohoFake, type ZohoFake } from '../../test/fakes/zoho-fake.js';
import { zohoConfigFromEnv } from './config.js';
import { zohoConnector, type ZohoConnector } from './index.js';

const DAY = 24 * 60 * 60_000;
const channel = { channelId: '1000000068001', notifyUrl: 'https://leadflow.example/hooks/zoho' };

let zoho: ZohoFake;
let connector: ZohoConnector;
beforeEach(async () => {
  zoho = await startZohoFake();
  connector = zohoConnector(zohoConfigFromEnv(zoho.env())!);
});
afterEach(() => zoho.close());

describe('Zoho notification channels', () => {
  it('subscribes to Stage changes of Deals and returns the expiry Zoho granted', async () => {
    const expiry = new Date(Date.now() + 2 * 60 * 60_000);
    const { channelExpiry, channelId } = await connector.watch({ ...channel, expiry });
    expect(channelId).toBe('1000000068001');
    expect(Math.floor(Date.parse(channelExpiry) / 1000)).toBe(Math.floor(expiry.getTime() / 1000));
    expect(channelExpiry).toMatch(/\+05:30$/); // as Zoho wrote it
    expect(zoho.state.channels.get('1000000068001')).toEqual({
      channel_id: '1000000068001',
      events: ['Deals.edit', 'Deals.create'],
      token: 'zoho-channel-token-0123456789abcdef',
      notify_url: channel.notifyUrl,
      channel_expiry: channelExpiry,
      return_affected_field_values: true,
      notify_on_related_action: false,
      notification_condition: [
        {
          type: 'field_selection',
          module: { api_name: 'Deals', id: DEALS_MODULE_ID },
          field_selection: { group_operator: 'or', group: [{ field: { api_name: 'Stage', id: STAGE_FIELD_ID } }] },
        },
      ],
    });
  });

  it('caps a longer request just under a week, where Zoho would otherwise grant one hour', async () => {
    const { channelExpiry } = await connector.watch({ ...channel, expiry: new Date(Date.now() + 30 * DAY).toISOString() });
    const granted = Date.parse(channelExpiry) - Date.now();
    expect(granted).toBeGreaterThan(6.9 * DAY);
    expect(granted).toBeLessThanOrEqual(7 * DAY);
    const byDefault = await connector.watch(channel);
    expect(Date.parse(byDefault.channelExpiry) - Date.now()).toBeGreaterThan(6.9 * DAY);
  });

  it('shows why: the fake, like Zoho, grants one hour to a request past a week', async () => {
    const grant = new URLSearchParams({ client_id: '1000.FAKECLIENT', client_secret: 'fake-client-secret', grant_type: 'refresh_token', refresh_token: '1000.us.refresh-token' });
    const token = (await (await fetch(`${zoho.accountsUrl}/oauth/v2/token?${grant}`, { method: 'POST' })).json()) as { access_token: string };
    const res = await fetch(`${zoho.apiDomain}/crm/v8/actions/watch`, {
      method: 'POST',
      headers: { authorization: `Zoho-oauthtoken ${token.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ watch: [{ channel_id: '5', events: ['Deals.edit'], notify_url: channel.notifyUrl, channel_expiry: new Date(Date.now() + 8 * DAY).toISOString() }] }),
    });
    const body = (await res.json()) as { watch: { details: { events: { channel_expiry: string }[] } }[] };
    expect(Date.parse(body.watch[0]!.details.events[0]!.channel_expiry) - Date.now()).toBeLessThanOrEqual(60 * 60_000);
  });

  it('renews with PUT and the same body, reading the module and field ids only once', async () => {
    await connector.watch({ ...channel, expiry: new Date(Date.now() + DAY) });
    const renewed = await connector.renewWatch({ ...channel, expiry: new Date(Date.now() + 3 * DAY) });
    expect(zoho.count('POST /crm/v8/actions/watch')).toBe(1);
    expect(zoho.count('PUT /crm/v8/actions/watch')).toBe(1);
    expect(Date.parse(renewed.channelExpiry) - Date.now()).toBeGreaterThan(2.9 * DAY);
    expect(zoho.state.channels.get(channel.channelId)!.channel_expiry).toBe(renewed.channelExpiry);
    expect(zoho.count('GET /crm/v8/settings/modules/Deals')).toBe(1);
    expect(zoho.count('GET /crm/v8/settings/fields')).toBe(1);
  });

  it('refuses channel ids and tokens Zoho would refuse', async () => {
    await expect(connector.watch({ ...channel, channelId: 'deals-1' })).rejects.toMatchObject({ name: 'CrmError', retryable: false });
    await expect(connector.watch({ ...channel, token: 'x'.repeat(51) })).rejects.toThrow(/50 characters/);
    expect(zoho.count('POST /crm/v8/actions/watch')).toBe(0);
  });
});

describe('Zoho check', () => {
  it('lists the api domain, pipelines, stages and fields the credentials can see', async () => {
    const check = await connector.check();
    expect(check).toMatchObject({ apiDomain: zoho.apiDomain, module: 'Deals', unmappedStages: [] });
    expect(check.pipelines).toEqual([expect.objectContaining({ name: 'Standard (Standard)', layout: 'Standard', default: true })]);
    expect(check.pipelines[0]!.stages.slice(0, 4)).toEqual(['Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers']);
    expect(check.stages).toContain('Closed Lost to Competition');
    expect(check.fields).toEqual(expect.arrayContaining(['Deal_Name', 'Stage', 'Pipeline', 'Modified_Time']));
  });

  it('names the org’s stages the stage map lacks, until the connection maps them', async () => {
    zoho.state.stageValues.push('Verhandlung');
    expect((await connector.check()).unmappedStages).toEqual(['Verhandlung']);
    const mapped = zohoConnector(zohoConfigFromEnv(zoho.env())!, { stages: { inbound: { Verhandlung: 'negotiating' } } });
    expect((await mapped.check()).unmappedStages).toEqual([]);
    expect(mapped.stages.toFunnel('Verhandlung')).toBe('negotiating');
  });
});
