import { afterAll, describe, expect, it } from 'vitest';
import { journeyLibrary } from '../src/journeys/library.js';
import { openDb } from '../src/store/open-store.js';
import { snapshotStore } from '../src/store/snapshot-store.js';
import type { Db } from '../src/store/db.js';
import { SHIPPED_JOURNEYS } from '../test/helpers/leads.js';
import { careActivities } from './care.js';

describe('planning the next care occasion (the shipped care.yaml)', () => {
  let db: Db;
  afterAll(async () => {
    await db?.close();
  });
  const customer = { id: 'c1', email: 'c1@example.com', timezone: 'Asia/Shanghai', locale: 'zh-CN', birthday: '03-08' };

  it('plans the earliest occasion not yet sent, for the audience only, and never a day late', async () => {
    db = await openDb({});
    const { planCare } = careActivities({ library: journeyLibrary(SHIPPED_JOURNEYS), snapshots: snapshotStore(db) });
    const plan = (after: string, sent: string[] = [], stage: 'won' | 'lost' = 'won', lead: object = customer) => planCare({ lead: lead as never, stage, after, sent });
    expect(await plan('2027-09-15T01:00:00Z')).toMatchObject({ key: 'mid-autumn/2027', date: '2027-09-15', at: '2027-09-15T02:00:00.000Z', category: 'relationship' });
    // Three hours after its hour: still today. The next day: it waits for the next occasion.
    expect((await plan('2027-09-15T05:00:00Z'))?.key).toBe('mid-autumn/2027');
    expect((await plan('2027-09-16T01:00:00Z'))?.key).toBe('new-year/2028');
    expect((await plan('2027-09-15T01:00:00Z', ['mid-autumn/2027']))?.key).toBe('new-year/2028');
    // Not a customer (lost): nothing. An English reader: no Spring Festival, a birthday on 8 March.
    expect(await plan('2027-09-15T01:00:00Z', [], 'lost')).toBeNull();
    expect((await plan('2028-01-02T00:00:00Z', [], 'won', { ...customer, locale: 'en' }))?.key).toBe('birthday/2028');
  });
});
