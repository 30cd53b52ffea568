import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeId, startFxiaokeFake, type FxiaokeFake } from '../../test/fakes/fxiaoke-fake.js';
import type { InboundRequest } from '../connector.js';
import { CrmInboundError } from '../errors.js';
import { fxiaokeConfigFromEnv } from './config.js';
import { fxiaokeConnector, type FxiaokeConnector } from './index.js';

const NOW = Date.parse('2026-03-01T08:00:00Z');
const NOW_S = NOW / 1000;
const MODIFIED = NOW - 5000;
let fake: FxiaokeFake;
let connector: FxiaokeConnector;

const connectorFor = (env: Record<string, string> = {}) => fxiaokeConnector(fxiaokeConfigFromEnv(fake.env(env))!, { now: () => NOW });
const secret = () => `whsec_${randomBytes(32).toString('base64')}`;

beforeEach(async () => {
  fake = await startFxiaokeFake({ now: () => NOW, records: [{ _id: fakeId(1), sales_stage: '4', last_modified_time: MODIFIED }] });
  connector = connectorFor();
});
afterEach(() => fake.close());

function withBody(req: InboundRequest, body: string): InboundRequest {
  return { ...req, body: new TextEncoder().encode(body) };
}

describe('Fxiaoke push: Standard Webhooks verification', () => {
  it('accepts a push signed with the secret, and parses it into one change', async () => {
    const req = fake.pushFor(fakeId(1));
    expect(connector.verify(req)).toEqual({ ok: true });
    expect(await connector.parse(req)).toEqual([
      {
        record: { connector: 'fxiaoke', id: fakeId(1), module: 'NewOpportunityObj' },
        eventId: `${fakeId(1)}:${MODIFIED}`,
        crmStage: '4',
        occurredAt: new Date(MODIFIED).toISOString(),
      },
    ]);
  });

  it('refuses a tampered body', () => {
    const req = fake.pushFor(fakeId(1));
    const original = new TextDecoder().decode(req.body);
    const tampered = original.replace('"sales_stage":"4"', '"sales_stage":"5"');
    expect(tampered).not.toBe(original);
    expect(connector.verify(withBody(req, tampered))).toMatchObject({ ok: false });
  });

  it('refuses the same data serialized differently: the signature is over the bytes', () => {
    const pretty = JSON.stringify({ objectApiName: 'NewOpportunityObj', dataId: fakeId(1), sales_stage: '4', last_modified_time: MODIFIED }, null, 2);
    const req = fake.signedPush(pretty);
    expect(connector.verify(req)).toEqual({ ok: true });
    const compact = JSON.stringify(JSON.parse(pretty));
    expect(connector.verify(withBody(req, compact))).toMatchObject({ ok: false, problem: 'no webhook-signature matches' });
  });

  it('allows 300 s of clock difference either way, and no more', () => {
    for (const skew of [-299, 299]) expect(connector.verify(fake.pushFor(fakeId(1), { timestampS: NOW_S + skew }))).toEqual({ ok: true });
    for (const skew of [-301, 301]) expect(connector.verify(fake.pushFor(fakeId(1), { timestampS: NOW_S + skew }))).toMatchObject({ ok: false });
  });

  it('accepts either secret during a rotation, and nothing else', () => {
    const [next, previous] = [secret(), secret()];
    const rotating = connectorFor({ FXIAOKE_WEBHOOK_SECRET: `${next} ${previous}` });
    expect(rotating.verify(fake.pushFor(fakeId(1), { secret: next }))).toEqual({ ok: true });
    expect(rotating.verify(fake.pushFor(fakeId(1), { secret: previous }))).toEqual({ ok: true });
    expect(rotating.verify(fake.pushFor(fakeId(1), { secret: secret() }))).toMatchObject({ ok: false });
    // A sender that signs with both during its own rotation: one match is enough.
    const both = fake.pushFor(fakeId(1), { secret: secret() });
    const good = fake.signedPush(new TextDecoder().decode(both.body), { secret: previous, id: both.headers.get('webhook-id')!, timestampS: Number(both.headers.get('webhook-timestamp')) });
    both.headers.set('webhook-signature', `${both.headers.get('webhook-signature')} ${good.headers.get('webhook-signature')}`);
    expect(rotating.verify(both)).toEqual({ ok: true });
  });

  it('refuses a delivery without the three headers', () => {
    const req = fake.pushFor(fakeId(1));
    req.headers.delete('webhook-signature');
    expect(connector.verify(req)).toMatchObject({ ok: false });
  });

  it('is off until FXIAOKE_WEBHOOK_SECRET is set', () => {
    const off = connectorFor({ FXIAOKE_WEBHOOK_SECRET: '' });
    expect(off.verify(fake.pushFor(fakeId(1)))).toEqual({ ok: false, problem: 'push is off: set FXIAOKE_WEBHOOK_SECRET' });
  });
});

describe('Fxiaoke push: payload', () => {
  const parse = (payload: unknown) => connector.parse(fake.signedPush(payload));

  it('takes a batch, one change per record (the latest), with given or derived event ids', async () => {
    const changes = await parse({
      events: [
        { objectApiName: 'NewOpportunityObj', dataId: 'a', sales_stage: '2', last_modified_time: 1000 },
        { objectApiName: 'NewOpportunityObj', dataId: 'b', sales_stage: '3', last_modified_time: '2000', eventId: 'flow-42' },
        { objectApiName: 'NewOpportunityObj', dataId: 'a', sales_stage: '5', last_modified_time: 3000 },
        { objectApiName: 'NewOpportunityObj', dataId: 'a', sales_stage: '1', last_modified_time: 500 },
      ],
    });
    expect(changes.map((c) => [c.record.id, c.crmStage, c.eventId, c.occurredAt])).toEqual([
      ['a', '5', 'a:3000', new Date(3000).toISOString()],
      ['b', '3', 'flow-42', new Date(2000).toISOString()],
    ]);
  });

  it('reads the stage under the configured stage field', async () => {
    connector = connectorFor({ FXIAOKE_STAGE_FIELD: 'stage__c' });
    const [change] = await parse({ objectApiName: 'NewOpportunityObj', dataId: 'a', stage__c: 'option1', last_modified_time: 1 });
    expect(change?.crmStage).toBe('option1');
  });

  it.each([
    ['not JSON', '{"dataId":', /not UTF-8 JSON/],
    ['no dataId', { objectApiName: 'NewOpportunityObj', sales_stage: '1', last_modified_time: 1 }, /dataId/],
    ['a time that is not epoch ms', { objectApiName: 'NewOpportunityObj', dataId: 'a', last_modified_time: '2026-03-01' }, /last_modified_time/],
    ['a stage that is not a string', { objectApiName: 'NewOpportunityObj', dataId: 'a', sales_stage: 3, last_modified_time: 1 }, /sales_stage/],
    ['an empty batch', { events: [] }, /events/],
    ['a batch with a bad event', { events: [{ dataId: 'a', last_modified_time: 1 }] }, /events\.0\.objectApiName/],
  ])('refuses %s as malformed', async (_, payload, problem) => {
    const err = await parse(payload).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmInboundError);
    expect((err as Error).message).toMatch(problem);
  });
});
