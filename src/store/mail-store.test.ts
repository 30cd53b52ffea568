import { afterAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/helpers/databases.js';
import type { Db } from './db.js';
import { mailStore, SendInFlightError, type SendClaim } from './mail-store.js';
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
  const store = async (opts?: Parameters<typeof mailStore>[1]) => mailStore(await (shared ??= open()), opts);
  afterAll(async () => {
    await (await shared)?.close();
  });

  it('migrates once, and again without effect', async () => {
    const { db } = await store();
    expect(await migrate(db)).toEqual([]);
    expect(await db.query('select id from schema_migrations order by id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }, { id: 5 }, { id: 6 }, { id: 7 }, { id: 8 }]);
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

  it('sends to different addresses at once: no send waits for another one’s SMTP call', async () => {
    const s = await store();
    const addresses = ['p1@example.com', 'p2@example.com', 'p3@example.com', 'p4@example.com'];
    for (const [i, address] of addresses.entries()) await s.claim(claim(`par-${i}`, { address }));
    let inSmtp = 0;
    let most = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sends = addresses.map((address, i) => s.sendOnce(`par-${i}`, address, 'marketing', async () => {
      most = Math.max(most, ++inSmtp);
      await gate;
      inSmtp -= 1;
    }));
    while (most < addresses.length) await new Promise((r) => setTimeout(r, 5));
    release();
    expect(await Promise.all(sends)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(most).toBe(4);
  });

  it('a second attempt while the first is in its SMTP call backs off; after a dead attempt’s lease it sends', async () => {
    const s = await store({ leaseMs: 400 });
    await s.claim(claim('lease-1', { address: 'lease@example.com' }));
    let release!: () => void;
    const first = s.sendOnce('lease-1', 'lease@example.com', 'marketing', () => new Promise<void>((resolve) => (release = resolve)));
    while (!release) await new Promise((r) => setTimeout(r, 5));
    const second = await s.sendOnce('lease-1', 'lease@example.com', 'marketing', async () => undefined).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(SendInFlightError);
    expect((second as SendInFlightError).retryAfterMs).toBeGreaterThan(0);
    release();
    expect(await first).toBe('sent');
    expect(await s.sendOnce('lease-1', 'lease@example.com', 'marketing', async () => undefined)).toBe('already-sent');

    // A worker that died in SMTP leaves its lease: the next attempt waits it out, then sends.
    await s.claim(claim('lease-2', { address: 'lease@example.com' }));
    await s.db.query(`update email_sends set in_flight_until = now() + interval '300 milliseconds' where key = 'lease-2'`);
    await expect(s.sendOnce('lease-2', 'lease@example.com', 'marketing', async () => undefined)).rejects.toBeInstanceOf(SendInFlightError);
    await new Promise((r) => setTimeout(r, 350));
    expect(await s.sendOnce('lease-2', 'lease@example.com', 'marketing', async () => undefined)).toBe('sent');
  });

  it('an unsubscribe waits for a send in flight only as long as its lease, and the retry after it is stopped', async () => {
    const s = await store({ leaseMs: 300 });
    await s.claim(claim('dead-1', { address: 'gone@example.com' }));
    await s.db.query(`update email_sends set in_flight_until = now() + interval '300 milliseconds' where key = 'dead-1'`);
    const started = Date.now();
    await s.suppress('gone@example.com', 'unsubscribed', 'one-click');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await new Promise((r) => setTimeout(r, 50));
    expect(await s.sendOnce('dead-1', 'gone@example.com', 'marketing', async () => undefined)).toBe('unsubscribed');
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
