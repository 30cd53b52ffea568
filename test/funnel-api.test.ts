import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.js';
import { journeyLibrary } from '../src/journeys/library.js';
import { createLogger } from '../src/logger.js';
import type { Db } from '../src/store/db.js';
import { insightQueries } from '../src/store/insight-queries.js';
import { insightStore } from '../src/store/insight-store.js';
import { lazyClient } from '../src/temporal/client.js';
import { testDatabases } from './helpers/databases.js';
import { factsOf, generateLeads, type TrueLead } from './helpers/funnel-data.js';
import { json } from './helpers/http.js';
import { SHIPPED_JOURNEYS } from './helpers/leads.js';

const TOKEN = 'funnel-test-token-0123456789';
const DAY = 86_400_000;
const START = Date.UTC(2027, 0, 4);
const AS_OF = Date.UTC(2027, 3, 1);
const STEPS = ['lead', 'contacted', 'qualified', 'quoted', 'negotiating', 'won'] as const;
const r4 = (n: number) => Math.round(n * 1e4) / 1e4;
const r3 = (n: number) => Math.round(n * 1e3) / 1e3;

/** The product-limit estimate written out plainly: S(t) over each distinct time an ended stay ended. */
function kmQuantile(stays: { ms: number; ended: boolean }[], q: number): number | null {
  const times = [...new Set(stays.filter((s) => s.ended).map((s) => s.ms))].sort((a, b) => a - b);
  let s = 1;
  for (const t of times) {
    const atRisk = stays.filter((x) => x.ms >= t).length;
    const ended = stays.filter((x) => x.ended && x.ms === t).length;
    s *= 1 - ended / atRisk;
    if (s <= 1 - q + 1e-12) return t;
  }
  return null;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The figures, from what the generator knows (furthest step, outcome, stays), not from the log. */
function truth(all: TrueLead[], from: number, to: number) {
  const cohort = all.filter((l) => l.enrolledAt >= from && l.enrolledAt < to);
  const reached = STEPS.map((_, k) => cohort.filter((l) => l.furthest >= k).length);
  const won = cohort.filter((l) => l.outcome === 'won');
  const lost = cohort.filter((l) => l.outcome === 'lost');
  const open = cohort.length - won.length - lost.length;
  const winRate = r4(won.length / (won.length + lost.length));
  const cycles = won.map((l) => l.wonAt! - l.enrolledAt);
  const wonCny = won.filter((l) => l.deal?.currency === 'CNY').map((l) => l.deal!.amount);
  const avgWon = wonCny.reduce((a, b) => a + b, 0) / wonCny.length;
  const avgCycleDays = cycles.reduce((a, b) => a + b, 0) / cycles.length / DAY;
  return {
    leads: cohort.length,
    stages: STEPS.map((stage, k) => {
      const stays = cohort.flatMap((l) => l.stays.filter((s) => s.stage === stage));
      const p50 = kmQuantile(stays, 0.5);
      const p90 = kmQuantile(stays, 0.9);
      return {
        stage,
        now: all.filter((l) => l.moves[l.moves.length - 1]!.stage === stage).length,
        entered: reached[k],
        conversion: k < 5 ? r4(reached[k + 1]! / reached[k]!) : null,
        cumulative: r4(reached[k]! / reached[0]!),
        ...(stage === 'won' ? {} : { timeInStage: { stays: stays.length, open: stays.filter((s) => !s.ended).length, medianDays: p50 === null ? null : r3(p50 / DAY), p90Days: p90 === null ? null : r3(p90 / DAY) } }),
      };
    }),
    won: won.length,
    closedLost: lost.length,
    openDeals: open,
    winRate,
    salesCycleDays: r3(median(cycles) / DAY),
    currency: 'CNY',
    averageWonValue: Math.round(avgWon * 100) / 100,
    velocity: Math.round(((open * avgWon * winRate) / avgCycleDays) * 100) / 100,
  };
}

describe.each(testDatabases())('GET /api/funnel on $name', ({ open }) => {
  let db: Db;
  let app: ReturnType<typeof createApp>;
  const leads = generateLeads({ count: 400, seed: 20270104, start: START, spanDays: 42, asOf: AS_OF });
  const get = (path: string) => app.request(path, { headers: { authorization: `Bearer ${TOKEN}` } });

  beforeAll(async () => {
    db = await open();
    const store = insightStore(db);
    for (const lead of leads) {
      const { facts, summary } = factsOf(lead);
      await store.record(facts, summary);
    }
    // Recording again (a retried activity, a rebuild) adds nothing.
    const { facts, summary } = factsOf(leads[0]!);
    expect(await store.record(facts, summary)).toBe(0);
    app = createApp({
      client: lazyClient({ address: '127.0.0.1:1', namespace: 'default' }),
      taskQueue: 'unused',
      apiToken: TOKEN,
      logger: createLogger('silent'),
      insight: { store, queries: insightQueries(db), library: journeyLibrary(SHIPPED_JOURNEYS), now: () => new Date(AS_OF) },
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('returns the true conversion, time in stage, win rate, sales cycle and velocity of the cohort that entered in the period', async () => {
    const from = START + 7 * DAY;
    const to = START + 35 * DAY;
    const body = await json(await get(`/api/funnel?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`));
    const expected = truth(leads, from, to);
    expect(expected.leads).toBeGreaterThan(200);
    expect(expected.stages.find((s) => s.stage === 'won')!.entered).toBeGreaterThan(10);
    expect(body).toMatchObject(expected);
    expect(body.stages.map((s: { stage: string }) => s.stage)).toEqual([...STEPS]);
    for (const s of body.stages.slice(0, 5)) expect(s.outcomes.advanced + s.outcomes.movedBack + s.outcomes.lost + s.outcomes.open).toBe(s.timeInStage.stays);
  });

  it('splits the same figures by source and by owner', async () => {
    const body = await json(await get('/api/funnel?owner=bob'));
    const bobs = leads.filter((l) => l.owner === 'bob');
    expect(body).toMatchObject({ leads: bobs.length, winRate: truth(bobs, 0, AS_OF + 1).winRate });
    const all = await json(await get('/api/funnel'));
    const webinar = all.bySource.find((s: { key: string }) => s.key === 'webinar');
    const trueWebinar = truth(leads.filter((l) => l.source === 'webinar'), 0, AS_OF + 1);
    expect(webinar).toMatchObject({ leads: trueWebinar.leads, won: trueWebinar.won, winRate: trueWebinar.winRate, salesCycleDays: trueWebinar.salesCycleDays });
    expect(all.byOwner.map((o: { key: string }) => o.key).sort()).toEqual(['bob', 'li.wei', 'zhang.min']);
    expect(all.weeks.reduce((n: number, w: { entered: number }) => n + w.entered, 0)).toBe(leads.length);
  });

  it('answers CSV, and 400 naming the field for a bad parameter', async () => {
    const csv = await get('/api/funnel?format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('stage,now,entered,conversion,cumulative,stays,open,medianDays,p90Days,advanced,movedBack,lost');
    expect(lines[1]!.split(',').slice(0, 3)).toEqual(['lead', String(truth(leads, 0, AS_OF + 1).stages[0]!.now), String(leads.length)]);
    for (const [query, field] of [['from=yesterday', 'from'], ['stage=closed', 'stage'], ['currency=yuan', 'currency'], ['from=2027-02-01&to=2027-01-01', 'to']]) {
      const res = await get(`/api/funnel?${query}`);
      expect(res.status).toBe(400);
      expect((await json(res)).issues[0].field).toBe(field);
    }
    expect((await get('/api/sequences/lead-nurture/stats?within=soon')).status).toBe(400);
    expect((await app.request('/api/funnel')).status).toBe(401);
  });
});
