import { describe, expect, it } from 'vitest';
import type { InboundRequest } from '../connector.js';
import { CrmInboundError } from '../errors.js';
import { hubspotConfigSchema } from './config.js';
import { hubspotConnector } from './index.js';

const connector = hubspotConnector(hubspotConfigSchema.parse({ accessToken: 'unused', clientSecret: 's' }));

function delivery(body: unknown): InboundRequest {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return { method: 'POST', url: 'https://leadflow.example.com/webhooks/hubspot', headers: new Headers(), body: new TextEncoder().encode(raw) };
}

/** An event shaped like HubSpot's docs: `{eventId, subscriptionId, portalId, appId, occurredAt, …}`. */
function event(o: Record<string, unknown>) {
  return {
    eventId: 1, subscriptionId: 1001, portalId: 62515, appId: 54321, occurredAt: 1_764_000_000_000,
    subscriptionType: 'deal.propertyChange', attemptNumber: 0, objectId: 123, propertyName: 'dealstage',
    propertyValue: 'qualifiedtobuy', changeSource: 'CRM_UI', ...o,
  };
}

describe('HubSpot webhook parsing', () => {
  it('turns a batch into one change per dealstage change or deal creation, oldest first', async () => {
    const batch = [
      event({ eventId: 11, objectId: 2, propertyValue: 'closedwon', occurredAt: 1_764_000_002_000 }),
      event({ eventId: 12, objectId: 1, propertyName: 'amount', propertyValue: '5000' }),
      event({ eventId: 13, objectId: 1, occurredAt: 1_764_000_001_000 }),
      { eventId: 14, subscriptionId: 7, portalId: 62515, occurredAt: 1_764_000_000_000, subscriptionType: 'contact.creation', objectId: 9, changeFlag: 'NEW' },
      { eventId: 15, subscriptionId: 8, portalId: 62515, occurredAt: 1_764_000_000_000, subscriptionType: 'contact.associationChange', fromObjectId: 9, toObjectId: 1 },
      event({ eventId: 16, subscriptionId: 1000, subscriptionType: 'deal.creation', objectId: 3, propertyName: undefined, propertyValue: undefined, occurredAt: 1_764_000_000_500 }),
    ];
    const all = await connector.parse(delivery(batch));
    // An `amount` change is the deal's value (issue 12), not a stage change.
    expect(all.filter((c) => c.deal)).toEqual([expect.objectContaining({ record: expect.objectContaining({ id: '1' }), deal: { amount: 5000 } })]);
    const changes = all.filter((c) => !c.deal);
    expect(changes.map((c) => [c.record.id, c.crmStage])).toEqual([['3', undefined], ['1', 'qualifiedtobuy'], ['2', 'closedwon']]);
    expect(changes[1]).toEqual({
      record: { connector: 'hubspot', id: '1', module: 'deals' },
      eventId: expect.stringMatching(/^hubspot:[0-9a-f]{40}$/),
      crmStage: 'qualifiedtobuy',
      occurredAt: '2025-11-24T16:00:01.000Z',
    });
    expect(connector.stages.toFunnel(changes[2]!.crmStage!)).toBe('won');
  });

  it('gives a redelivery the same event ids, whatever its attempt number', async () => {
    const first = [event({ eventId: 5 }), event({ eventId: 6, objectId: 124, propertyValue: 'closedlost' })];
    const again = first.map((e) => ({ ...e, attemptNumber: 3 }));
    const a = await connector.parse(delivery(first));
    const b = await connector.parse(delivery(again));
    expect(b.map((c) => c.eventId)).toEqual(a.map((c) => c.eventId));
    expect(new Set(a.map((c) => c.eventId)).size).toBe(2);
  });

  it('does not trust HubSpot’s eventId alone: the same id on another deal or value is another event', async () => {
    const [a, b, c] = await connector.parse(delivery([
      event({ eventId: 42, objectId: 1 }),
      event({ eventId: 42, objectId: 2 }),
      event({ eventId: 42, objectId: 1, propertyValue: 'closedwon' }),
    ]));
    expect(new Set([a!.eventId, b!.eventId, c!.eventId]).size).toBe(3);
  });

  it('accepts an empty batch and ids sent as strings', async () => {
    expect(await connector.parse(delivery([]))).toEqual([]);
    const [change] = await connector.parse(delivery([event({ objectId: '98765432109', eventId: '7' })]));
    expect(change!.record.id).toBe('98765432109');
  });

  it.each([
    ['not JSON', '[{"eventId":1,'],
    ['not UTF-8', '\u0000'],
    ['an object, not an array', event({})],
    ['an event without subscriptionType', [{ eventId: 1, objectId: 1 }]],
    ['a stage change without objectId', [event({ objectId: undefined })]],
    ['a stage change without propertyValue', [event({ propertyValue: undefined })]],
    ['a stage change with occurredAt as a string', [event({ occurredAt: '2025-11-24T16:00:00Z' })]],
  ])('refuses %s', async (_what, body) => {
    const req = _what === 'not UTF-8' ? { ...delivery('[]'), body: new Uint8Array([0x5b, 0xff, 0x5d]) } : delivery(body);
    await expect(connector.parse(req)).rejects.toBeInstanceOf(CrmInboundError);
  });
});
