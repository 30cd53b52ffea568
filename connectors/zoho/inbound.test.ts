import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZohoFake, type ZohoFake } from '../../test/fakes/zoho-fake.js';
import type { InboundRequest } from '../connector.js';
import { CrmInboundError } from '../errors.js';
import { zohoConfigFromEnv } from './config.js';
import { NOTIFY_SECRET_PARAM, zohoConnector, type ZohoConnector } from './index.js';

const NOTIFY_URL = 'https://leadflow.example/hooks/zoho?tenant=abc';
const SECRET = 'query-secret-0123456789';

let zoho: ZohoFake;
let connector: ZohoConnector;
beforeEach(async () => {
  zoho = await startZohoFake();
  connector = zohoConnector(zohoConfigFromEnv(zoho.env())!);
  await connector.watch({ channelId: '1000000068001', notifyUrl: NOTIFY_URL });
});
afterEach(() => zoho.close());

/** The delivery with its JSON body edited, as a forger or a broken proxy would send it. */
function edited(req: InboundRequest, edit: (body: Record<string, unknown>) => void): InboundRequest {
  const body = JSON.parse(new TextDecoder().decode(req.body)) as Record<string, unknown>;
  edit(body);
  return { ...req, body: new TextEncoder().encode(JSON.stringify(body)) };
}

describe('Zoho notification verify', () => {
  it('accepts the token Zoho echoes, and nothing else', () => {
    const delivery = zoho.deliveryFor([zoho.addDeal().id]);
    expect(connector.verify(delivery)).toEqual({ ok: true });
    expect(connector.verify(edited(delivery, (b) => (b.token = 'zoho-channel-token-0123456789abcdeX')))).toEqual({ ok: false, problem: expect.stringContaining('token does not match') });
    expect(connector.verify(edited(delivery, (b) => delete b.token))).toEqual({ ok: false, problem: 'the body has no token' });
    expect(connector.verify(edited(delivery, (b) => (b.token = 42)))).toEqual({ ok: false, problem: 'the body has no token' });
    expect(connector.verify({ ...delivery, body: delivery.body.slice(0, -3) })).toEqual({ ok: false, problem: 'the body is not JSON' });
    expect(connector.verify({ ...delivery, body: new TextEncoder().encode('[]') })).toEqual({ ok: false, problem: 'the body has no token' });
    expect(connector.verify({ ...delivery, method: 'GET' })).toMatchObject({ ok: false });
  });

  it('with ZOHO_WEBHOOK_SECRET, also wants the secret watch() put in the notify URL', async () => {
    const withSecret = zohoConnector(zohoConfigFromEnv(zoho.env({ ZOHO_WEBHOOK_SECRET: SECRET }))!);
    await withSecret.watch({ channelId: '1000000068002', notifyUrl: NOTIFY_URL });
    const channel = zoho.state.channels.get('1000000068002')!;
    expect(new URL(channel.notify_url).searchParams.get('tenant')).toBe('abc');
    expect(new URL(channel.notify_url).searchParams.get(NOTIFY_SECRET_PARAM)).toBe(SECRET);

    const delivery = zoho.deliveryFor([zoho.addDeal().id], { channelId: '1000000068002' });
    expect((JSON.parse(new TextDecoder().decode(delivery.body)) as { query_params: unknown }).query_params).toEqual({ tenant: 'abc', [NOTIFY_SECRET_PARAM]: SECRET });
    expect(withSecret.verify(delivery)).toEqual({ ok: true });
    // Zoho echoes it in query_params, and the notify URL carries it too: either is enough.
    expect(withSecret.verify(edited({ ...delivery, url: NOTIFY_URL }, () => undefined))).toEqual({ ok: true });
    expect(withSecret.verify(edited(delivery, (b) => (b.query_params = {})))).toEqual({ ok: true });
    expect(withSecret.verify(edited({ ...delivery, url: NOTIFY_URL }, (b) => (b.query_params = { tenant: 'abc' })))).toMatchObject({ ok: false, problem: expect.stringContaining('ZOHO_WEBHOOK_SECRET') });
    expect(withSecret.verify(edited(delivery, (b) => (b.query_params = { [NOTIFY_SECRET_PARAM]: 'guess' })))).toMatchObject({ ok: false });
    // A channel made without the secret fails a connection that requires one.
    expect(withSecret.verify({ ...zoho.deliveryFor([zoho.addDeal().id], { channelId: '1000000068001' }) })).toMatchObject({ ok: false });
  });
});

describe('Zoho notification parse', () => {
  it('turns a batch of ids into one change per record, with the stage read back from Zoho', async () => {
    const a = zoho.addDeal({ Deal_Name: 'A', Contact_Name: { name: 'Ann Lee', id: '1' } });
    const b = zoho.addDeal({ Deal_Name: 'B', Contact_Name: null });
    zoho.changeStageInUi(a.id, 'Proposal/Price Quote');
    zoho.changeStageInUi(b.id, 'Closed Won');
    const delivery = zoho.deliveryFor([a.id, b.id, a.id]);
    const changes = await connector.parse(delivery);
    expect(zoho.count('GET /crm/v8/Deals')).toBe(1);
    expect(changes).toHaveLength(2);
    const byId = Object.fromEntries(changes.map((c) => [c.record.id, c]));
    for (const deal of [a, b]) {
      const now = zoho.state.deals.get(deal.id)!;
      expect(byId[deal.id]).toEqual({
        record: { connector: 'zoho', id: deal.id, module: 'Deals' },
        eventId: `1000000068001:${deal.id}:${now.Modified_Time}`,
        crmStage: now.Stage,
        occurredAt: new Date(now.Modified_Time).toISOString(),
        lead: { name: deal.id === a.id ? 'Ann Lee' : 'B', owner: 'p.boyle@example.com' },
      });
    }
  });

  it('gives a redelivery the same event ids, and a later change new ones', async () => {
    const deal = zoho.addDeal();
    zoho.changeStageInUi(deal.id, 'Needs Analysis');
    const first = await connector.parse(zoho.deliveryFor([deal.id]));
    const again = await connector.parse(zoho.deliveryFor([deal.id]));
    expect(again.map((c) => c.eventId)).toEqual(first.map((c) => c.eventId));
    zoho.changeStageInUi(deal.id, 'Value Proposition');
    const later = await connector.parse(zoho.deliveryFor([deal.id]));
    expect(later[0]!.eventId).not.toBe(first[0]!.eventId);
    expect(later[0]!.crmStage).toBe('Value Proposition');
  });

  it('ignores deletions and records Zoho no longer has', async () => {
    const deal = zoho.addDeal();
    await expect(connector.parse(zoho.deliveryFor([deal.id], { operation: 'delete' }))).resolves.toEqual([]);
    expect(zoho.count('GET /crm/v8/Deals')).toBe(0);
    zoho.state.deals.delete(deal.id);
    await expect(connector.parse(zoho.deliveryFor([deal.id]))).resolves.toEqual([]);
  });

  it('throws CrmInboundError for a body without Zoho’s shape', async () => {
    const delivery = zoho.deliveryFor([zoho.addDeal().id]);
    await expect(connector.parse({ ...delivery, body: new TextEncoder().encode('{"token":') })).rejects.toBeInstanceOf(CrmInboundError);
    await expect(connector.parse(edited(delivery, (b) => delete b.ids))).rejects.toThrow(/ids/);
    await expect(connector.parse(edited(delivery, (b) => (b.ids = [{}])))).rejects.toBeInstanceOf(CrmInboundError);
  });
});
