// `npm run bench:timers [-- --journeys 10000 --rate 25]`: timer lateness with many journeys in
// their waits at once. One `leadflow start`-shaped system (bench/system.ts); leads are enrolled at
// a steady `--rate` into a sequence of a mail, a wait and a mail, the wait long enough that every
// journey is asleep before the first one wakes. The waits then end at the enrolment's rate, below
// what the machine sends, so what is measured is how late a sleeping journey wakes with all the
// others asleep beside it (most of them out of the worker's cache), not a backlog of mail.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { parseDuration } from '../src/domain/duration.js';
import { mailTimesByRecipient, peakConcurrentWaits, waitLateness } from './mail-times.js';
import { benchPost, percentile, pooled, startBenchSystem } from './system.js';

const { values } = parseArgs({ options: { journeys: { type: 'string', default: '10000' }, rate: { type: 'string', default: '25' }, wait: { type: 'string' } } });
const journeys = Number(values.journeys);
const rate = Number(values.rate);
// Enrolling takes journeys / rate seconds; the wait outlasts it by a minute.
const wait = values.wait ?? `${Math.ceil(journeys / rate / 60) + 1}m`;
const waitMs = parseDuration(wait);
const log = (line: string) => process.stderr.write(`[bench:timers] ${line}\n`);

const sys = await startBenchSystem({ sequence: { wait, mails: 2 } });
try {
  const run = randomUUID().slice(0, 8);
  const started = performance.now();
  log(`enrolling ${journeys} leads at ${rate}/s; each waits ${wait} between its two mails`);
  await pooled(journeys, 10, async (i) => {
    const due = started + (i / rate) * 1000;
    if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
    await benchPost(sys, '/api/leads', { id: `t${run}-${i}`, email: `t${run}-${i}@example.com`, timezone: 'UTC' });
  });
  log(`enrolled in ${((performance.now() - started) / 1000).toFixed(0)} s; waiting for the second mails`);
  const messages = await sys.sink.waitFor(2 * journeys, waitMs + 60 * 60_000);
  const byLead = mailTimesByRecipient(messages);
  const lateness = waitLateness(byLead, waitMs);
  const figures = {
    journeys,
    enrolPerSecond: rate,
    wait,
    peakConcurrentWaits: peakConcurrentWaits(byLead),
    latenessP50Ms: percentile(lateness, 50),
    latenessP99Ms: percentile(lateness, 99),
    latenessMaxMs: Math.max(...lateness),
    wallMinutes: (performance.now() - started) / 60_000,
    store: process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite',
    rssMb: process.memoryUsage().rss / 2 ** 20,
  };
  console.log(JSON.stringify(figures));
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`| ${journeys} | ${figures.peakConcurrentWaits} | ${rate}/s | ${wait} | ${s(figures.latenessP50Ms)} / ${s(figures.latenessP99Ms)} / ${s(figures.latenessMaxMs)} | ${figures.store} |`);
} finally {
  await sys.close();
}
