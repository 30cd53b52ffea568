import { afterAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/helpers/databases.js';
import type { Db } from './db.js';
import { crmStore } from './crm-store.js';

describe.each(testDatabases())('the CRM store on $name', ({ open }) => {
  let shared: Promise<Db> | undefined;
  const store = async () => crmStore(await (shared ??= open()));
  afterAll(async () => {
    await (await shared)?.close();
  });

  it('links a record to one lead only, and says which records were taken', async () => {
    const s = await store();
    expect(await s.link('lead-a', [{ connector: 'zoho', id: 'd1' }])).toEqual([]);
    expect(await s.link('lead-b', [{ connector: 'zoho', id: 'd1' }, { connector: 'hubspot', id: 'h1' }])).toEqual([{ connector: 'zoho', id: 'd1' }]);
    expect(await s.leadFor('zoho', 'd1')).toBe('lead-a');
    expect(await s.leadFor('hubspot', 'h1')).toBe('lead-b');
  });

  it('claims a CRM write once: a second attempt is told it is busy, then done', async () => {
    const s = await store();
    expect(await s.claimWrite('task-1@zoho:d1', 'zoho', 'd1', 'task')).toEqual({ claimed: true });
    expect(await s.claimWrite('task-1@zoho:d1', 'zoho', 'd1', 'task')).toEqual({ busy: true });
    await s.completeWrite('task-1@zoho:d1', 'remote-77');
    expect(await s.claimWrite('task-1@zoho:d1', 'zoho', 'd1', 'task')).toEqual({ done: 'remote-77' });
  });
});
