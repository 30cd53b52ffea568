import { afterEach, describe, expect, it } from 'vitest';
import { startZohoFake, type ZohoFake } from '../../test/fakes/zoho-fake.js';
import { CrmAuthError, CrmRateLimitError } from '../errors.js';
import { wrongDataCentreMessage } from './auth.js';
import { zohoConfigFromEnv, zohoConfigSchema } from './config.js';
import { zohoConnector, type ZohoConnectorOptions } from './index.js';

const fakes: ZohoFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function fake(opts: Parameters<typeof startZohoFake>[0] = {}) {
  const f = await startZohoFake(opts);
  fakes.push(f);
  return f;
}

function connect(f: ZohoFake, env: Record<string, string> = {}, opts: ZohoConnectorOptions = {}) {
  return zohoConnector(zohoConfigFromEnv(f.env(env))!, opts);
}

const record = (id: string) => ({ connector: 'zoho' as const, id });
const TOKEN = 'POST /oauth/v2/token';

describe('Zoho auth', () => {
  it('refreshes once and reuses the token for the hour, then refreshes again', async () => {
    const zoho = await fake();
    let clock = Date.now();
    const connector = connect(zoho, {}, { now: () => clock });
    const deal = zoho.addDeal();
    for (let i = 0; i < 5; i++) await connector.pushStage(record(deal.id), 'Needs Analysis');
    expect(zoho.count(TOKEN)).toBe(1);
    clock += 54 * 60_000; // still more than the five-minute margin before the hour ends
    await connector.pushStage(record(deal.id), 'Value Proposition');
    expect(zoho.count(TOKEN)).toBe(1);
    clock += 2 * 60_000; // inside the margin: refreshed early
    await connector.pushStage(record(deal.id), 'Closed Won');
    expect(zoho.count(TOKEN)).toBe(2);
    expect(connector.tokenRefreshes()).toBe(2);
    expect(zoho.state.deals.get(deal.id)!.Stage).toBe('Closed Won');
  });

  it('runs one refresh for 20 concurrent calls that find the token stale', async () => {
    const zoho = await fake();
    let clock = Date.now();
    const connector = connect(zoho, {}, { now: () => clock });
    const deals = Array.from({ length: 20 }, () => zoho.addDeal());
    await connector.pushStage(record(deals[0]!.id), 'Needs Analysis');
    clock += 2 * 60 * 60_000;
    await Promise.all(deals.map((d) => connector.pushStage(record(d.id), 'Proposal/Price Quote')));
    expect(zoho.count(TOKEN)).toBe(2);
    expect(connector.tokenRefreshes()).toBe(2);
    expect(deals.every((d) => zoho.state.deals.get(d.id)!.Stage === 'Proposal/Price Quote')).toBe(true);
  });

  it('runs one refresh when Zoho rejects the token under 20 concurrent calls', async () => {
    const zoho = await fake();
    const connector = connect(zoho);
    const deals = Array.from({ length: 20 }, () => zoho.addDeal());
    await connector.pushStage(record(deals[0]!.id), 'Needs Analysis');
    zoho.expireTokensNow();
    await Promise.all(deals.map((d) => connector.pushStage(record(d.id), 'Negotiation/Review')));
    expect(zoho.count(TOKEN)).toBe(2);
    expect(deals.every((d) => zoho.state.deals.get(d.id)!.Stage === 'Negotiation/Review')).toBe(true);
  });

  it('recovers from a token that expires mid-run: INVALID_TOKEN, one refresh, one retry', async () => {
    const zoho = await fake();
    const connector = connect(zoho);
    const deal = zoho.addDeal();
    await connector.pushStage(record(deal.id), 'Needs Analysis');
    zoho.expireTokensNow();
    await expect(connector.pushStage(record(deal.id), 'Closed Won')).resolves.toEqual({ modifiedAt: expect.any(String) });
    expect(zoho.count(TOKEN)).toBe(2);
    expect(zoho.count('PUT /crm/v8/Deals')).toBe(3);
    expect(zoho.state.deals.get(deal.id)!.Stage).toBe('Closed Won');
  });

  it('calls the api_domain of the token response, and explains a data-centre mismatch', async () => {
    const us = await fake({ dc: 'us' });
    const eu = await fake({ dc: 'eu' });
    // EU's accounts server issues EU tokens but names the US API host: the US host refuses them.
    eu.state.announcedApiDomain = us.apiDomain;
    const connector = connect(eu);
    const deal = us.addDeal();
    const failure = connector.pushStage(record(deal.id), 'Closed Won');
    await expect(failure).rejects.toBeInstanceOf(CrmAuthError);
    await expect(failure).rejects.toThrow(/INVALID_TOKEN[\s\S]*ZOHO_ACCOUNTS_URL[\s\S]*data centre/);
    await expect(failure).rejects.toMatchObject({ retryable: false, message: expect.stringContaining(us.apiDomain) });
    expect(us.count('PUT /crm/v8/Deals')).toBe(2);
    expect(eu.count('PUT /crm/v8/Deals')).toBe(0);
    expect(eu.count(TOKEN)).toBe(2);
    expect(us.state.deals.get(deal.id)!.Stage).toBe('Qualification');
  });

  it('names both data centres when the hosts are Zoho’s', () => {
    const config = zohoConfigSchema.parse({ clientId: 'c', clientSecret: 's', refreshToken: 'r', webhookToken: 't'.repeat(32), accountsUrl: 'https://accounts.zoho.eu' });
    const message = wrongDataCentreMessage(config, 'https://www.zohoapis.com');
    expect(message).toContain('the token is from the EU data centre, the API host is US');
    expect(message).toContain('https://accounts.zoho.eu');
  });

  it('turns a refused refresh token into CrmAuthError that points at the settings', async () => {
    const zoho = await fake();
    const connector = connect(zoho, { ZOHO_REFRESH_TOKEN: '1000.revoked' });
    const failure = connector.pushStage(record(zoho.addDeal().id), 'Closed Won');
    await expect(failure).rejects.toBeInstanceOf(CrmAuthError);
    await expect(failure).rejects.toThrow(/invalid_code[\s\S]*ZOHO_REFRESH_TOKEN[\s\S]*ZOHO_ACCOUNTS_URL/);
    const wrongSecret = connect(zoho, { ZOHO_CLIENT_SECRET: 'nope' }).check();
    await expect(wrongSecret).rejects.toThrow(/invalid_client_secret[\s\S]*ZOHO_CLIENT_SECRET/);
  });

  it('meets Zoho’s refresh throttle (10 in 10 minutes) as a rate limit, not an auth failure', async () => {
    const zoho = await fake();
    let clock = Date.now();
    const connector = connect(zoho, {}, { now: () => clock });
    const deal = zoho.addDeal();
    for (let i = 0; i < 10; i++) {
      await connector.pushStage(record(deal.id), 'Needs Analysis');
      clock += 2 * 60 * 60_000; // every call finds the cached token stale
    }
    const failure = connector.pushStage(record(deal.id), 'Needs Analysis');
    await expect(failure).rejects.toBeInstanceOf(CrmRateLimitError);
    await expect(failure).rejects.toMatchObject({ retryAfterMs: 600_000, retryable: true, message: expect.stringContaining('Access Denied') });
    expect(zoho.count(TOKEN)).toBe(11);
  });

  it('sends the Zoho-oauthtoken header and the refresh grant as query parameters', async () => {
    const zoho = await fake();
    const connector = connect(zoho);
    await connector.pushStage(record(zoho.addDeal().id), 'Closed Won');
    const write = zoho.state.writes.at(-1)!;
    expect(write.headers.authorization).toMatch(/^Zoho-oauthtoken 1000\.us\.[0-9a-f]{32}$/);
    const grant = zoho.state.tokenRequests[0]!;
    expect(grant.body).toBe('');
    expect(Object.fromEntries(new URLSearchParams(grant.query))).toEqual({
      client_id: '1000.FAKECLIENT',
      client_secret: 'fake-client-secret',
      grant_type: 'refresh_token',
      refresh_token: '1000.us.refresh-token',
    });
  });
});
