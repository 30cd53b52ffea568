// `npm run bench:sleeping [-- --at 10000,100000]`: memory with many journeys asleep, on its own
// because enrolling 100,000 of them takes most of an hour. One `leadflow start`-shaped system
// (PGlite, or PostgreSQL with DATABASE_URL); the journeys are enrolled cumulatively and at each
// checkpoint the process's RSS and heap and the Temporal dev server's database size are printed,
// then a Markdown row per checkpoint for docs/benchmarks.md.
import { parseArgs } from 'node:util';
import { measureSleepingMemory } from './memory.js';
import { startBenchSystem } from './system.js';

const { values } = parseArgs({ options: { at: { type: 'string', default: '10000,100000' } } });
const checkpoints = values.at!.split(',').map(Number).sort((a, b) => a - b);
const started = performance.now();
const sys = await startBenchSystem();
try {
  const figures = await measureSleepingMemory(sys, checkpoints, (m) =>
    process.stderr.write(`[bench:sleeping] ${JSON.stringify({ ...m, minutes: (performance.now() - started) / 60_000 })}\n`));
  const store = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  for (const m of figures) console.log(`| ${m.leads} | ${store} | ${m.rssMb.toFixed(0)} MB | ${m.heapMb.toFixed(0)} MB | ${m.temporalDbMb?.toFixed(0)} MB |`);
} finally {
  await sys.close();
}
