import { afterAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/helpers/databases.js';
import type { Db } from './db.js';
import { mailStore, type SendClaim } from './mail-store.js';
import { migrate } from './migrations.js';

const claim = (key: string, over: Partial<SendClaim> = {}): SendClaim => ({
  key,
  leadId: 'lead-1',
  address: 'Ann@Example.com',
  messageId: `<${key}@test>`,
  category: 'marketing',
  capped: (over.category ?? 'marketing') === 'marketing',
  template: 'hello',
  scheduledAt: new Date('2026-12-01T10:00:00Z'),
  ...over,
});

describe.each(testDatabases())('the mail store on $name', ({ open }) => {
  // One database per backend (opening PGlite takes a second or two); tests use keys of their own.
  let shared: Promise<Db> | undefined;
  const store = async () => mailStore(await (shared ??= open()));
  afterAll(async () => {
    await (await shared)?.close();
  });

  it('migrates once, and again without effect', async () => {
    const { db } = await store();
    expect(await migrate(db)).toEqual([]);
    expect(await db.query('select id from schema_migrations order by id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }, { id: 5 }, { id: 6 }, { id: 7 }]);
  });

  it('stops relationship mail (care, surveys) on an unsubscribe, and counts it towards the cap only when asked', async () => {
    const s = await store();
    const address = 'care@example.com';
    await s.claim(claim('care-1', { address, category: 'relationship', capped: false, leadId: 'care-lead' }));
    expect(await s.sendOnce('care-1', address, 'relationship', async () => undefined)).toBe('sent');
    await s.claim(claim('care-2', { address, category: 'relationship', capped: true, leadId: 'care-lead' }));
    expect(await s.sendOnce('care-2', address, 'relationship', async () => undefined)).toBe('sent');
    expect(await s.marketingSendsSince('care-lead', new Date('2026-01-01'))).toHaveLength(1);
    await s.suppress(address, 'unsubscribed', 'test');
    await s.claim(claim('care-3', { address, category: 'relationship', capped: false, leadId: 'care-lead' }));
    expect(await s.sendOnce('care-3', address, 'relationship', async () => undefined)).toBe('unsubscribed');
  });

  it('keeps one ledger row per send key, and remembers that it was sent', async () => {
    const s = await store();
    expect(await s.claim(claim('k1'))).toBe('sending');
    let sent = 0;
    expect(await s.sendOnce('k1', 'ann@example.com', 'marketing', async () => void sent++)).toBe('sent');
    expect(await s.sendOnce('k1', 'ann@example.com', 'marketing', async () => void sent++)).toBe('already-sent');
    expect(await s.claim(claim('k1'))).toBe('sent');
    expect(sent).toBe(1);
    expect(await s.sendByKey('k1')).toEqual({ status: 'sent', attempts: 2, messageId: '<k1@test>' });
    expect(await s.sendByMessageId('<k1@test>')).toEqual({ key: 'k1', leadId: 'lead-1', address: 'ann@example.com' });
  });

  it('a failed send leaves the claim open for the retry', async () => {
    const s = await store();
    await s.claim(claim('k2'));
    await expect(s.sendOnce('k2', 'ann@example.com', 'marketing', async () => Promise.reject(new Error('ECONNRESET')))).rejects.toThrow('ECONNRESET');
    expect((await s.sendByKey('k2'))!.status).toBe('sending');
  });

  it('an unsubscribe stops marketing mail to the address in any spelling, not transactional mail', async () => {
    const s = await store();
    await s.suppress('ANN@example.COM', 'unsubscribed', 'one-click', 'lead-1');
    for (const key of ['k3', 'k4']) await s.claim(claim(key, { category: key === 'k3' ? 'marketing' : 'transactional' }));
    let sent = 0;
    expect(await s.sendOnce('k3', 'ann@example.com', 'marketing', async () => void sent++)).toBe('unsubscribed');
    expect(await s.sendOnce('k4', 'ann@example.com', 'transactional', async () => void sent++)).toBe('sent');
    expect(sent).toBe(1);
    expect((await s.sendByKey('k3'))!.status).toBe('suppressed');
  });

  it('a complaint outranks an unsubscribe and stops all mail; an unsubscribe never downgrades it', async () => {
    const s = await store();
    await s.suppress('bob@example.com', 'unsubscribed', 'one-click');
    await s.suppress('bob@example.com', 'complained', 'esp');
    await s.suppress('bob@example.com', 'unsubscribed', 'one-click');
    expect(await s.suppression('bob@example.com')).toBe('complained');
    await s.claim(claim('k5', { address: 'bob@example.com', category: 'transactional' }));
    expect(await s.sendOnce('k5', 'bob@example.com', 'transactional', async () => undefined)).toBe('complained');
  });

  it('an unsubscribe that races a send in flight waits for it, and every later send is stopped', async () => {
    const s = await store();
    await s.claim(claim('k6', { address: 'cy@example.com' }));
    const order: string[] = [];
    let release!: () => void;
    const smtp = new Promise<void>((resolve) => (release = resolve));
    const inFlight = s.sendOnce('k6', 'cy@example.com', 'marketing', async () => {
      order.push('smtp started');
      await smtp;
      order.push('smtp done');
    });
    while (!order.length) await new Promise((r) => setTimeout(r, 5));
    const unsubscribe = s.suppress('cy@example.com', 'unsubscribed', 'one-click').then(() => order.push('unsubscribed'));
    await new Promise((r) => setTimeout(r, 100));
    release();
    await Promise.all([inFlight, unsubscribe]);
    expect(order).toEqual(['smtp started', 'smtp done', 'unsubscribed']);
    await s.claim(claim('k7', { address: 'cy@example.com' }));
    expect(await s.sendOnce('k7', 'cy@example.com', 'marketing', async () => void order.push('sent again'))).toBe('unsubscribed');
  });

  it('counts a lead’s marketing sends in workflow time, for frequency caps', async () => {
    const s = await store();
    const at = (d: string) => new Date(`2026-12-0${d}T10:00:00Z`);
    for (const [key, day, category] of [['c1', '1', 'marketing'], ['c2', '3', 'marketing'], ['c3', '4', 'transactional'], ['c4', '5', 'marketing']] as const) {
      await s.claim(claim(key, { leadId: 'capped', address: 'dee@example.com', scheduledAt: at(day), category }));
      await s.sendOnce(key, 'dee@example.com', category, async () => undefined);
    }
    expect(await s.marketingSendsSince('capped', at('2'))).toEqual([at('3'), at('5')]);
  });
});
