import { describe, expect, it } from 'vitest';
import { fxiaokeConfigFromEnv } from './config.js';

const base = {
  FXIAOKE_APP_ID: 'FSAID_1',
  FXIAOKE_APP_SECRET: 'secret',
  FXIAOKE_PERMANENT_CODE: 'CODE',
  FXIAOKE_USER_ID: 'FSUID_ADMIN',
};

describe('Fxiaoke configuration from the environment', () => {
  it('is off while FXIAOKE_APP_ID is unset or blank', () => {
    expect(fxiaokeConfigFromEnv({})).toBeUndefined();
    expect(fxiaokeConfigFromEnv({ FXIAOKE_APP_ID: '  ', FXIAOKE_APP_SECRET: 'x' })).toBeUndefined();
  });

  it('fills the documented defaults', () => {
    expect(fxiaokeConfigFromEnv(base)).toEqual({
      appId: 'FSAID_1',
      appSecret: 'secret',
      permanentCode: 'CODE',
      userId: 'FSUID_ADMIN',
      baseUrl: 'https://open.fxiaoke.com',
      object: 'NewOpportunityObj',
      stageField: 'sales_stage',
      webhookSecrets: [],
      rateMax: 100,
      rateWindowMs: 20_000,
    });
  });

  it('reads the per-tenant host, object, stage field, limits and several webhook secrets', () => {
    const c = fxiaokeConfigFromEnv({
      ...base,
      FXIAOKE_BASE_URL: 'https://open-hws.fxiaoke.com/',
      FXIAOKE_OBJECT: 'object_x__c',
      FXIAOKE_STAGE_FIELD: 'stage__c',
      FXIAOKE_RATE_MAX: '60',
      FXIAOKE_RATE_WINDOW_S: '20',
      FXIAOKE_WEBHOOK_SECRET: 'whsec_bmV3 whsec_b2xk',
    });
    expect(c).toMatchObject({ baseUrl: 'https://open-hws.fxiaoke.com', object: 'object_x__c', stageField: 'stage__c', rateMax: 60, rateWindowMs: 20_000, webhookSecrets: ['whsec_bmV3', 'whsec_b2xk'] });
  });

  it('names every missing variable once FXIAOKE_APP_ID is set', () => {
    expect(() => fxiaokeConfigFromEnv({ FXIAOKE_APP_ID: 'FSAID_1' })).toThrow(/FXIAOKE_APP_SECRET is required[\s\S]*FXIAOKE_PERMANENT_CODE is required[\s\S]*FXIAOKE_USER_ID is required/);
  });

  it('names the variable whose value is wrong', () => {
    expect(() => fxiaokeConfigFromEnv({ ...base, FXIAOKE_USER_ID: '1000' })).toThrow(/FXIAOKE_USER_ID: must be an open user id \(FSUID_…\)/);
    expect(() => fxiaokeConfigFromEnv({ ...base, FXIAOKE_BASE_URL: 'https://www.fxiaoke.com' })).toThrow(/FXIAOKE_BASE_URL: www.fxiaoke.com is not an API gateway/);
    expect(() => fxiaokeConfigFromEnv({ ...base, FXIAOKE_WEBHOOK_SECRET: 'hunter2' })).toThrow(/FXIAOKE_WEBHOOK_SECRET: must be a Standard Webhooks secret/);
    expect(() => fxiaokeConfigFromEnv({ ...base, FXIAOKE_RATE_MAX: 'lots' })).toThrow(/FXIAOKE_RATE_MAX/);
    expect(() => fxiaokeConfigFromEnv({ ...base, FXIAOKE_RATE_WINDOW_S: '-1' })).toThrow(/FXIAOKE_RATE_WINDOW_S/);
  });
});
