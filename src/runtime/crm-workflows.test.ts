import { describe, expect, it } from 'vitest';
import { genericConnector } from '../../connectors/generic/index.js';
import { hubspotConfigFromEnv, hubspotConnector } from '../../connectors/hubspot/index.js';
import { fxiaokeConfigFromEnv, fxiaokeConnector } from '../../connectors/fxiaoke/index.js';
import type { ConfiguredConnector } from '../crm/configured.js';
import { pollIntervals, reconcileIntervals } from './crm-workflows.js';

const connectors = new Map<string, ConfiguredConnector>([
  ['hubspot', hubspotConnector(hubspotConfigFromEnv({ HUBSPOT_ACCESS_TOKEN: 'pat-x', HUBSPOT_CLIENT_SECRET: 'secret' })!)],
  ['fxiaoke', fxiaokeConnector(fxiaokeConfigFromEnv({ FXIAOKE_APP_ID: 'FSAID_x', FXIAOKE_APP_SECRET: 's', FXIAOKE_PERMANENT_CODE: 'p', FXIAOKE_USER_ID: 'FSUID_x' })!)],
  ['generic', genericConnector({ secrets: [`whsec_${Buffer.from('generic-secret-0123456789').toString('base64')}`] })],
]);

describe('the intervals of each connection’s durable workflows, from <CONNECTOR>_* variables', () => {
  it('reconciles every connection that can read its records daily, unless told otherwise or off', () => {
    expect(reconcileIntervals({}, connectors)).toEqual({ on: { hubspot: 86_400_000, fxiaoke: 86_400_000 }, off: [] });
    expect(reconcileIntervals({ HUBSPOT_RECONCILE_INTERVAL: '6h', FXIAOKE_RECONCILE_INTERVAL: 'off' }, connectors)).toEqual({ on: { hubspot: 21_600_000 }, off: ['fxiaoke'] });
  });

  it('polls Fxiaoke every minute by default, and names the variable of a bad value', () => {
    expect(pollIntervals({}, connectors)).toEqual({ fxiaoke: 60_000 });
    expect(() => reconcileIntervals({ HUBSPOT_RECONCILE_INTERVAL: 'daily' }, connectors)).toThrow(/HUBSPOT_RECONCILE_INTERVAL: "daily" is not a duration.*, or off/);
  });
});
