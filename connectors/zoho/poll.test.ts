import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZohoFake, type ZohoFake } from '../../test/fakes/zoho-fake.js';
import type { CrmChange } from '../connector.js';
import { zohoConfigFromEnv } from './config.js';
import { zohoConnector, type ZohoConnector } from './index.js';

let zoho: ZohoFake;
let connector: ZohoConnector;
beforeEach(async () => {
  zoho = await startZohoFake();
  connector = zohoConnector(zohoConfigFromEnv(zoho.env())!);
});
afterEach(() => zoho.close());

/** Polls until nothing is left, as the fallback schedule would. */
async function drain(cursor: string | undefined, limit: number): Promise<{ changes: CrmChange[]; cursor: string | undefined }> {
  const changes: CrmChange[] = [];
  for (;;) {
    const page = await connector.poll!(cursor, limit);
    cursor = page.cursor;
    if (!page.changes.length) return { changes, cursor };
    expect(page.changes.length).toBeLessThanOrEqual(limit);
    changes.push(...page.changes);
  }
}

/** Seconds-precision times in the org's offset, many deals per second, inserted out of order. */
function seed(count: number, seconds: number): string[] {
  const ids: string[] = [];
  const order = Array.from({ length: count }, (_, i) => (i * 7) % count);
  for (const i of order) {
    const at = new Date(Date.UTC(2024, 0, 15, 9, 56, 49 + (i % seconds)) + 5.5 * 3_600_000).toISOString().slice(0, 19) + '+05:30';
    ids.push(zoho.addDeal({ Deal_Name: `Deal ${i}`, Modified_Time: at, Stage: 'Needs Analysis' }).id);
  }
  return ids;
}

const times = (changes: CrmChange[]) => changes.map((c) => Date.parse(c.occurredAt!));

describe('Zoho poll', () => {
  it('misses nothing and doubles nothing across pages and equal timestamps', async () => {
    const ids = seed(23, 4); // about six deals per second, polled three at a time
    const { changes } = await drain(undefined, 3);
    expect(changes.map((c) => c.record.id).sort()).toEqual([...ids].sort());
    expect(times(changes)).toEqual([...times(changes)].sort((a, b) => a - b));
    expect(changes[0]).toMatchObject({ crmStage: 'Needs Analysis', record: { connector: 'zoho', module: 'Deals' }, eventId: expect.stringMatching(/^poll:\d+:2024-01-15T15:26:49\+05:30$/) });
    expect(zoho.state.writes).toEqual([]); // polling only reads
  });

  it('starts again from page 1 when the cursor moves, so records after it are not skipped', async () => {
    const ids = seed(12, 12); // one deal per second: each round's first record is the one last seen
    const { changes } = await drain(undefined, 4);
    expect(changes.map((c) => c.record.id)).toEqual(ids.slice().sort((a, b) => Date.parse(zoho.state.deals.get(a)!.Modified_Time) - Date.parse(zoho.state.deals.get(b)!.Modified_Time)));
  });

  it('pages through a second that holds more deals than a page', async () => {
    const ids = seed(7, 1); // seven deals in one second, two per page
    const { changes } = await drain(undefined, 2);
    expect(changes.map((c) => c.record.id).sort()).toEqual([...ids].sort());
  });

  it('returns later changes once, oldest first, and nothing when nothing changed', async () => {
    const ids = seed(10, 3);
    const { cursor } = await drain(undefined, 4);
    const idle = await connector.poll!(cursor, 4);
    expect(idle).toEqual({ changes: [], cursor });

    zoho.changeStageInUi(ids[6]!, 'Closed Won');
    zoho.changeStageInUi(ids[2]!, 'Closed Lost');
    zoho.changeStageInUi(ids[6]!, 'Closed Lost to Competition');
    const next = await drain(cursor, 4);
    const byId = new Map(next.changes.map((c) => [c.record.id, c.crmStage]));
    expect(byId).toEqual(new Map([[ids[2]!, 'Closed Lost'], [ids[6]!, 'Closed Lost to Competition']]));
    expect(times(next.changes)).toEqual([...times(next.changes)].sort((a, b) => a - b));
    expect(await connector.poll!(next.cursor, 4)).toEqual({ changes: [], cursor: next.cursor });
  });

  it('handles an empty module (204) and refuses a cursor it did not write', async () => {
    await expect(connector.poll!(undefined, 10)).resolves.toEqual({ changes: [], cursor: undefined });
    await expect(connector.poll!('not-a-cursor', 10)).rejects.toMatchObject({ name: 'CrmError', retryable: false });
  });

  it('asks Zoho for Modified_Time order, the fields it needs, and If-Modified-Since in Zoho’s format', async () => {
    seed(3, 3);
    const first = await connector.poll!(undefined, 10);
    expect(first.changes).toHaveLength(3);
    const initial = zoho.state.reads.at(-1)!;
    expect(initial.headers['if-modified-since']).toBeUndefined();
    expect(Object.fromEntries(initial.query)).toMatchObject({ sort_by: 'Modified_Time', sort_order: 'asc', per_page: '10', page: '1' });
    expect(initial.query.get('fields')!.split(',')).toEqual(expect.arrayContaining(['Stage', 'Modified_Time']));

    await connector.poll!(first.cursor, 10);
    // A second before the last change seen (15:26:51+05:30), so the boundary second is read again.
    expect(zoho.state.reads.at(-1)!.headers['if-modified-since']).toBe('2024-01-15T09:56:50+00:00');
  });
});
