// GET /api/funnel over a large event log: `npx tsx bench/funnel-api.ts [--leads 100000] [--quick]`.
// With DATABASE_URL set it runs on that PostgreSQL (in a schema of its own), else on PGlite in memory.
// Prints one JSON line of results; docs/benchmarks.md keeps them with the command, machine and date.
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { createApp } from '../src/http/app.js';
import { journeyLibrary } from '../src/journeys/library.js';
import { createLogger } from '../src/logger.js';
import { insightQueries } from '../src/store/insight-queries.js';
import { insightStore } from '../src/store/insight-store.js';
import { lazyClient } from '../src/temporal/client.js';
import { testDatabases } from '../test/helpers/databases.js';
import { factsOf, generateLeads } from '../test/helpers/funnel-data.js';

const { values } = parseArgs({ options: { leads: { type: 'string', default: '100000' }, quick: { type: 'boolean', default: false }, runs: { type: 'string', default: '5' } } });
const count = values.quick ? 2_000 : Number(values.leads);
const runs = values.quick ? 2 : Number(values.runs);
const DAY = 86_400_000;
const asOf = Date.UTC(2027, 6, 1);

// The tests' own database choice: PostgreSQL (a fresh schema) when DATABASE_URL is set, else PGlite.
const chosen = testDatabases().at(-1)!;
const db = await chosen.open();
const kind = chosen.name === 'postgres' ? 'postgresql' : 'pglite (in memory)';
const store = insightStore(db);
const loadStart = performance.now();
const leads = generateLeads({ count, seed: 12, start: asOf - 180 * DAY, spanDays: 170, asOf });
for (let i = 0; i < leads.length; i += 2_000) {
  const batch = leads.slice(i, i + 2_000).map(factsOf);
  await store.record(batch.flatMap((b) => b.facts));
  await store.upsertLeads(batch.map((b) => b.summary));
}
const loadSeconds = (performance.now() - loadStart) / 1000;
const facts = Number((await db.query<{ n: string }>('select count(*) as n from lead_facts'))[0]!.n);

const token = 'bench-token-0123456789abcdef';
const app = createApp({ client: lazyClient({ address: '127.0.0.1:1', namespace: 'default' }), taskQueue: 'bench', apiToken: token, logger: createLogger('silent'), insight: { store, queries: insightQueries(db), library: journeyLibrary('journeys'), now: () => new Date(asOf) } });
async function time(path: string) {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const res = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { path, medianMs: Math.round(ms[ms.length >> 1]!), minMs: Math.round(ms[0]!), maxMs: Math.round(ms[ms.length - 1]!) };
}
const from = new Date(asOf - 90 * DAY).toISOString().slice(0, 10);
const results = [await time('/api/funnel'), await time(`/api/funnel?from=${from}`), await time('/api/funnel?owner=bob'), await time('/api/owners'), await time('/api/leads?search=g4711')];
process.stdout.write(`${JSON.stringify({ bench: 'funnel-api', database: kind, leads: count, facts, loadSeconds: Math.round(loadSeconds * 10) / 10, runs, results, heapUsedMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20), rssMB: Math.round(process.memoryUsage().rss / 2 ** 20), cpus: cpus().length, cpu: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() })}\n`);
await db.close();
