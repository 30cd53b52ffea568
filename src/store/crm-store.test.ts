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

  it('lets the next attempt claim at once a write whose attempt failed, but never one that is done', async () => {
    const s = await store();
    expect(await s.claimWrite('note-9@hubspot:h9', 'hubspot', 'h9', 'note')).toEqual({ claimed: true });
    await s.releaseWrite('note-9@hubspot:h9');
    expect(await s.claimWrite('note-9@hubspot:h9', 'hubspot', 'h9', 'note')).toEqual({ claimed: true });
    await s.completeWrite('note-9@hubspot:h9', 'n-1');
    await s.releaseWrite('note-9@hubspot:h9');
    expect(await s.claimWrite('note-9@hubspot:h9', 'hubspot', 'h9', 'note')).toEqual({ done: 'n-1' });
  });

  it('pages through one connection’s links in record order, for reconciliation, and lists a lead’s', async () => {
    const s = await store();
    await s.link('lead-p', [{ connector: 'fxiaoke', id: 'p3' }, { connector: 'fxiaoke', id: 'p1', module: 'NewOpportunityObj' }, { connector: 'hubspot', id: 'p2' }]);
    await s.link('lead-q', [{ connector: 'fxiaoke', id: 'p2' }]);
    const first = await s.linksPage('fxiaoke', undefined, 2);
    expect(first).toEqual([{ recordId: 'p1', leadId: 'lead-p', module: 'NewOpportunityObj' }, { recordId: 'p2', leadId: 'lead-q', module: undefined }]);
    expect(await s.linksPage('fxiaoke', first.at(-1)!.recordId, 2)).toEqual([{ recordId: 'p3', leadId: 'lead-p', module: undefined }]);
    expect((await s.linksOfLead('lead-p', 'fxiaoke')).map((l) => l.recordId)).toEqual(['p1', 'p3']);
  });
});
