import { describe, expect, it } from 'vitest';
import { zohoConfigFromEnv } from './config.js';
import { ZOHO_DEFAULT_STAGES } from './default-stages.js';
import { stageMap } from '../shared/stage-map.js';

const env = {
  ZOHO_CLIENT_ID: '1000.ABC',
  ZOHO_CLIENT_SECRET: 'secret',
  ZOHO_REFRESH_TOKEN: '1000.refresh',
  ZOHO_WEBHOOK_TOKEN: 'a'.repeat(40),
};

describe('Zoho configuration', () => {
  it('is off without ZOHO_CLIENT_ID', () => {
    expect(zohoConfigFromEnv({})).toBeUndefined();
    expect(zohoConfigFromEnv({ ZOHO_CLIENT_ID: '  ', ZOHO_CLIENT_SECRET: 'x' })).toBeUndefined();
  });

  it('fills the documented defaults', () => {
    expect(zohoConfigFromEnv(env)).toEqual({
      clientId: '1000.ABC',
      clientSecret: 'secret',
      refreshToken: '1000.refresh',
      accountsUrl: 'https://accounts.zoho.com',
      webhookToken: 'a'.repeat(40),
      apiVersion: 'v8',
      module: 'Deals',
      rateConcurrency: 10,
    });
  });

  it('reads the optional settings and trims the accounts URL', () => {
    const c = zohoConfigFromEnv({ ...env, ZOHO_ACCOUNTS_URL: 'https://accounts.zoho.eu/', ZOHO_WEBHOOK_SECRET: 's'.repeat(20), ZOHO_API_VERSION: 'v7', ZOHO_RATE_CONCURRENCY: '15' });
    expect(c).toMatchObject({ accountsUrl: 'https://accounts.zoho.eu', webhookSecret: 's'.repeat(20), apiVersion: 'v7', rateConcurrency: 15 });
  });

  it('names every missing or wrong variable', () => {
    expect(() => zohoConfigFromEnv({ ...env, ZOHO_REFRESH_TOKEN: undefined })).toThrow(/ZOHO_REFRESH_TOKEN is required when ZOHO_CLIENT_ID is set/);
    expect(() => zohoConfigFromEnv({ ZOHO_CLIENT_ID: 'x' })).toThrow(/ZOHO_CLIENT_SECRET[\s\S]*ZOHO_REFRESH_TOKEN[\s\S]*ZOHO_WEBHOOK_TOKEN/);
    expect(() => zohoConfigFromEnv({ ...env, ZOHO_WEBHOOK_TOKEN: 'short' })).toThrow(/ZOHO_WEBHOOK_TOKEN: must be at least 32 characters/);
    expect(() => zohoConfigFromEnv({ ...env, ZOHO_WEBHOOK_TOKEN: 'x'.repeat(51) })).toThrow(/ZOHO_WEBHOOK_TOKEN: must be at most 50/);
    expect(() => zohoConfigFromEnv({ ...env, ZOHO_RATE_CONCURRENCY: 'many' })).toThrow(/ZOHO_RATE_CONCURRENCY/);
    expect(() => zohoConfigFromEnv({ ...env, ZOHO_ACCOUNTS_URL: 'accounts.zoho.eu' })).toThrow(/ZOHO_ACCOUNTS_URL/);
    expect(() => zohoConfigFromEnv({ ...env, ZOHO_API_VERSION: '8' })).toThrow(/ZOHO_API_VERSION: must look like v8/);
  });
});

describe('Zoho default stages', () => {
  const map = stageMap(ZOHO_DEFAULT_STAGES);

  it('reads every standard stage, both spellings of the decision-makers stage included', () => {
    expect(map.toFunnel('Id. Decision Makers')).toBe('qualified');
    expect(map.toFunnel('Identify Decision Makers')).toBe('qualified');
    expect(map.toFunnel('Proposal/Price Quote')).toBe('quoted');
    expect(map.toFunnel('Closed Lost to Competition')).toBe('lost');
    expect(map.toFunnel('Prospecting')).toBeUndefined();
  });

  it('writes a value that reads back as the same stage, except lead and contacted, which Zoho lacks', () => {
    for (const stage of ['qualified', 'quoted', 'negotiating', 'won', 'lost'] as const) expect(map.toFunnel(map.toCrm(stage)!)).toBe(stage);
    expect(map.toCrm('lead')).toBe('Qualification');
    expect(map.toCrm('contacted')).toBe('Qualification');
    expect(map.toCrm('qualified')).toBe('Needs Analysis');
  });
});
