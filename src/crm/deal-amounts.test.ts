import { describe, expect, it } from 'vitest';
import { dealChange } from '../../connectors/zoho/read-deals.js';
import { parseHubspotEvents } from '../../connectors/hubspot/events.js';
import { DEAL_UPDATED } from '../domain/facts.js';
import { leadEventFor } from './handoff.js';
import type { ConfiguredConnector } from './configured.js';

const connector = (name: string) => ({ name, stages: { toFunnel: (v: string) => (v === 'Closed Won' ? 'won' : undefined) } }) as unknown as ConfiguredConnector;

describe('deal amounts from the CRMs', () => {
  it('Zoho: Amount, with Currency when the org keeps several, rides on the stage change', () => {
    const change = dealChange('Deals', { id: '4150868000001234567', Stage: 'Closed Won', Modified_Time: '2027-01-05T10:00:00+08:00', Amount: 88000, Currency: 'CNY' }, 'e1');
    expect(change.deal).toEqual({ amount: 88000, currency: 'CNY' });
    expect(leadEventFor(connector('zoho'), change)).toMatchObject({ type: 'stage.changed', stage: 'won', data: { deal: { amount: 88000, currency: 'CNY' } } });
    expect(dealChange('Deals', { id: '1', Stage: 'Closed Won', Modified_Time: '2027-01-05T10:00:00+08:00', Amount: 5000 }, 'e2').deal).toEqual({ amount: 5000 });
    expect(dealChange('Deals', { id: '1', Stage: 'Closed Won', Modified_Time: '2027-01-05T10:00:00+08:00' }, 'e3').deal).toBeUndefined();
  });

  it('HubSpot: a change of `amount` is the deal’s new value, not a stage question', () => {
    const body = new TextEncoder().encode(JSON.stringify([{ eventId: 7, subscriptionId: 1, portalId: 1, appId: 1, occurredAt: 1798000000000, subscriptionType: 'deal.propertyChange', attemptNumber: 0, objectId: 123, propertyName: 'amount', propertyValue: '4200.50', changeSource: 'CRM_UI' }]));
    const [change] = parseHubspotEvents(body);
    expect(change).toMatchObject({ record: { id: '123' }, deal: { amount: 4200.5 } });
    expect(change!.crmStage).toBeUndefined();
    expect(leadEventFor(connector('hubspot'), change!)).toMatchObject({ type: DEAL_UPDATED, data: { deal: { amount: 4200.5 } } });
  });
});
