// `leadflow leads import` of a large CSV against a real `leadflow start` (Temporal dev server,
// worker, HTTP server, PGlite): `npx tsx bench/leads-import.ts [--rows 100000] [--rate 1000]
// [--concurrency 16] [--quick]`. The funnel has no sequence, so the worker's load is each journey's
// start and its event log, not mail. Prints one JSON line; docs/benchmarks.md keeps the results.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { runCli, LEADFLOW_BIN } from '../test/helpers/cli.js';
import { freePort } from '../test/helpers/ports.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, rate: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '16' }, quick: { type: 'boolean', default: false } } });
const rows = values.quick ? 500 : Number(values.rows);
const dir = await mkdtemp(join(tmpdir(), 'leadflow-bench-import-'));
const journeys = join(dir, 'journeys');
await mkdir(journeys, { recursive: true });
await writeFile(join(journeys, 'funnel.yaml'), 'stages:\n  lead: { staleAfter: 14d }\n');

const csv = join(dir, 'leads.csv');
const out = createWriteStream(csv);
out.write('id,email,name,owner,source,deal_amount,deal_currency,company\n');
for (let i = 0; i < rows; i++) {
  if (!out.write(`bench-${i},lead${i}@example.com,Lead ${i},${['zhang.min', 'bob', 'li.wei'][i % 3]},${['expo', 'ads', 'webinar'][i % 3]},${1000 + (i % 50) * 500},CNY,Company ${i % 997}\n`)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');

const token = 'bench-import-token-0123456789';
const env = { DATA_DIR: join(dir, 'data'), JOURNEYS_DIR: journeys, PORT: String(await freePort()), TEMPORAL_DEV_PORT: String(await freePort()), TEMPORAL_UI_PORT: String(await freePort()), LOG_LEVEL: 'error', LEADFLOW_API_TOKEN: token, DATABASE_URL: '', TEMPORAL_ADDRESS: '', SMTP_URL: '' };
const server = runCli(['start'], env);
const [, base] = await server.waitForOutput(/API\s+(http:\/\/\S+)\/api/, 120_000);

const started = performance.now();
const child = spawn('/usr/bin/time', ['-v', process.execPath, LEADFLOW_BIN, 'leads', 'import', csv, '--rate', values.rate!, '--concurrency', values.concurrency!], { env: { ...process.env, LEADFLOW_URL: base!, LEADFLOW_API_TOKEN: token, LOG_LEVEL: 'error' }, stdio: ['ignore', 'pipe', 'pipe'] });
let text = '';
child.stdout.on('data', (d: Buffer) => (text += d));
child.stderr.on('data', (d: Buffer) => (text += d));
const [code] = (await once(child, 'exit')) as [number];
const importSeconds = (performance.now() - started) / 1000;
if (code !== 0) throw new Error(`leads import exited ${code}:\n${text}`);

// Every journey has started and logged its enrolment when the funnel counts them all.
const funnel = async () => (await (await fetch(`${base}/api/funnel`, { headers: { authorization: `Bearer ${token}` } })).json()) as { leads: number };
let logged = 0;
for (const deadline = Date.now() + 30 * 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 2_000))) {
  logged = (await funnel()).leads;
  if (logged >= rows) break;
}
const loggedSeconds = (performance.now() - started) / 1000;
const t = performance.now();
await funnel();
const funnelMs = Math.round(performance.now() - t);
server.child.kill('SIGINT');
await server.exited;
await rm(dir, { recursive: true, force: true });

const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1] ?? NaN);
process.stdout.write(`${JSON.stringify({
  bench: 'leads-import', rows, rate: Number(values.rate), concurrency: Number(values.concurrency), report: /imported .*/.exec(text)?.[0],
  importSeconds: Math.round(importSeconds * 10) / 10, rowsPerSecond: Math.round(rows / importSeconds), cliMaxRssMB: Math.round(rss / 1024),
  allLoggedSeconds: Math.round(loggedSeconds * 10) / 10, logged, funnelMsAtEnd: funnelMs,
  cpus: cpus().length, cpu: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString(),
})}\n`);
