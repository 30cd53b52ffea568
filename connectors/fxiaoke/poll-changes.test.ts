import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeId, startFxiaokeFake, type FakeOpportunity, type FxiaokeFake } from '../../test/fakes/fxiaoke-fake.js';
import type { CrmChange } from '../connector.js';
import { CrmError } from '../errors.js';
import { fxiaokeConfigFromEnv } from './config.js';
import { fxiaokeConnector, type FxiaokeConnector } from './index.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
let fake: FxiaokeFake;
afterEach(() => fake?.close());

async function setup(records: Array<Partial<FakeOpportunity> & { _id: string }>) {
  const clock = { t: T0 + 3_600_000 };
  fake = await startFxiaokeFake({ now: () => clock.t, records });
  return { clock, connector: fxiaokeConnector(fxiaokeConfigFromEnv(fake.env())!, { now: () => clock.t }) };
}

/** Polls until a poll brings nothing; returns every change and the cursor it ended on. */
async function drain(connector: FxiaokeConnector, cursor: string | undefined, limit: number) {
  const changes: CrmChange[] = [];
  for (let i = 0; i < 100; i++) {
    const page = await connector.poll!(cursor, limit);
    expect(page.changes.length).toBeLessThanOrEqual(limit);
    changes.push(...page.changes);
    if (page.changes.length === 0) {
      expect(page.cursor).toBe(cursor);
      return { changes, cursor };
    }
    cursor = page.cursor;
  }
  throw new Error('polling never ran dry');
}

const ids = (changes: CrmChange[]) => changes.map((c) => c.record.id);

function expectNoOffsets() {
  for (const q of fake.state.queries) {
    expect(q.offset).toBe(0);
    expect(q.limit).toBeLessThanOrEqual(100);
  }
}

describe('Fxiaoke polling', () => {
  it('reads every record once across pages, oldest first, as changes', async () => {
    const records = Array.from({ length: 25 }, (_, i) => ({ _id: fakeId(i + 1), sales_stage: String((i % 7) + 1), last_modified_time: T0 + i * 1000 }));
    const { connector } = await setup(records);
    const { changes, cursor } = await drain(connector, undefined, 10);
    expect(ids(changes)).toEqual(records.map((r) => r._id));
    expect(changes[3]).toEqual({
      record: { connector: 'fxiaoke', id: fakeId(4), module: 'NewOpportunityObj' },
      eventId: `${fakeId(4)}:${T0 + 3000}`,
      crmStage: '4',
      occurredAt: new Date(T0 + 3000).toISOString(),
    });
    expect(cursor).toBe(`${T0 + 24_000}:${fakeId(25)}`);
    expect(fake.state.queries[0]).toMatchObject({
      filters: [{ field_name: 'last_modified_time', field_values: ['0'], operator: 'GTE' }],
      orders: [{ fieldName: 'last_modified_time', isAsc: true }, { fieldName: '_id', isAsc: true }],
      fieldProjection: ['_id', 'sales_stage', 'last_modified_time', 'name', 'amount'],
    });
    expectNoOffsets();
  });

  it('neither misses nor doubles records that share a last_modified_time, even more than a page of them', async () => {
    const tied = Array.from({ length: 13 }, (_, i) => ({ _id: fakeId(100 + i), last_modified_time: T0 + 5000 }));
    const around = [
      { _id: fakeId(1), last_modified_time: T0 + 4000 },
      { _id: fakeId(2), last_modified_time: T0 + 6000 },
      { _id: fakeId(3), last_modified_time: T0 + 6000 },
    ];
    const { connector } = await setup([...tied, ...around]);
    const { changes } = await drain(connector, undefined, 5);
    expect(ids(changes)).toEqual([fakeId(1), ...tied.map((r) => r._id), fakeId(2), fakeId(3)]);
    // A whole page tied at the cursor's time was read by `_id` at that exact time.
    expect(fake.state.queries).toContainEqual(
      expect.objectContaining({
        filters: [
          { field_name: 'last_modified_time', field_values: [String(T0 + 5000)], operator: 'EQ' },
          { field_name: '_id', field_values: [expect.any(String)], operator: 'GT' },
        ],
      }),
    );
    expectNoOffsets();
  });

  it('picks up a record that changes later in the same millisecond as the cursor', async () => {
    const { connector } = await setup([
      { _id: fakeId(1), last_modified_time: T0 },
      { _id: fakeId(2), last_modified_time: T0 },
    ]);
    const first = await drain(connector, undefined, 10);
    expect(ids(first.changes)).toEqual([fakeId(1), fakeId(2)]);
    fake.addRecord({ _id: fakeId(3), last_modified_time: T0 });
    const next = await drain(connector, first.cursor, 10);
    expect(ids(next.changes)).toEqual([fakeId(3)]);
  });

  it('reports records changed between polls again, as new changes, and only those', async () => {
    const records = Array.from({ length: 8 }, (_, i) => ({ _id: fakeId(i + 1), sales_stage: '1', last_modified_time: T0 + i * 1000 }));
    const { clock, connector } = await setup(records);
    const first = await drain(connector, undefined, 3);
    expect(first.changes).toHaveLength(8);

    clock.t += 60_000;
    fake.changeInUi(fakeId(2), { sales_stage: '3' });
    fake.changeInUi(fakeId(6), { sales_stage: '5' });
    const second = await drain(connector, first.cursor, 3);
    expect(second.changes.map((c) => [c.record.id, c.crmStage, c.eventId])).toEqual([
      [fakeId(2), '3', `${fakeId(2)}:${clock.t}`],
      [fakeId(6), '5', `${fakeId(6)}:${clock.t}`],
    ]);
    expect(new Set([...first.changes, ...second.changes].map((c) => c.eventId)).size).toBe(10);
  });

  it('does not lose a record that moves forward while the pages are being read', async () => {
    const records = Array.from({ length: 9 }, (_, i) => ({ _id: fakeId(i + 1), last_modified_time: T0 + i * 1000 }));
    const { clock, connector } = await setup(records);
    const page1 = await connector.poll!(undefined, 3);
    expect(ids(page1.changes)).toEqual([fakeId(1), fakeId(2), fakeId(3)]);
    clock.t += 60_000;
    fake.changeInUi(fakeId(2), { sales_stage: '2' }); // already read: a new change
    fake.changeInUi(fakeId(5), { sales_stage: '2' }); // not read yet: read once, at its new time
    const rest = await drain(connector, page1.cursor, 3);
    expect(ids(rest.changes)).toEqual([fakeId(4), fakeId(6), fakeId(7), fakeId(8), fakeId(9), fakeId(2), fakeId(5)]);
  });

  it('keeps the limit within what Fxiaoke accepts, and can start at an instant', async () => {
    const records = Array.from({ length: 120 }, (_, i) => ({ _id: fakeId(i + 1), last_modified_time: T0 + i }));
    const { connector } = await setup(records);
    const page = await connector.poll!(undefined, 500);
    expect(page.changes).toHaveLength(100);
    const later = await connector.poll!(`${T0 + 110}:`, 50);
    expect(ids(later.changes)).toEqual(records.slice(110).map((r) => r._id));
    expectNoOffsets();
  });

  it('for any mix of ties and page sizes, reads each record exactly once in (time, _id) order', async () => {
    fake = await startFxiaokeFake({ records: [] });
    // A high limit: this test makes hundreds of calls and is about order, not pacing.
    const connector = fxiaokeConnector(fxiaokeConfigFromEnv(fake.env({ FXIAOKE_RATE_MAX: '1000000' }))!);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 40 }), fc.integer({ min: 1, max: 6 }), async (times, limit) => {
        fake.state.records.clear();
        times.forEach((t, i) => fake.addRecord({ _id: fakeId(i + 1), last_modified_time: T0 + t }));
        const { changes } = await drain(connector, undefined, limit);
        const expected = times.map((t, i) => ({ t, id: fakeId(i + 1) })).sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1));
        expect(ids(changes)).toEqual(expected.map((e) => e.id));
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a cursor it did not make', async () => {
    const { connector } = await setup([]);
    await expect(connector.poll!('yesterday', 10)).rejects.toBeInstanceOf(CrmError);
  });
});
