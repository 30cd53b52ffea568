// `leadflow leads import` of a large CSV: first `--dry-run` (the CLI alone: parse, map, check),
// then for real against a real `leadflow start` (Temporal dev server, worker, HTTP server, PGlite):
// `npx tsx bench/leads-import.ts [--rows 100000] [--real N] [--rate 50] [--concurrency 8] [--drain 2] [--quick]`:
// the dry run reads all --rows, the real import the first --real of them (default: all).
// The funnel has no sequence, so the worker's load is each journey's start and its event log, not
// mail. After the import it waits up to --drain minutes for the journeys to be logged, then
// reports how many were and Temporal's backlog. Prints one JSON line; docs/benchmarks.md keeps them.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { runCli, LEADFLOW_BIN } from '../test/helpers/cli.js';
import { freePort } from '../test/helpers/ports.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, rate: { type: 'string', default: '50' }, concurrency: { type: 'string', default: '8' }, drain: { type: 'string', default: '2' }, real: { type: 'string' }, quick: { type: 'boolean', default: false } } });
const rows = values.quick ? 500 : Number(values.rows);
const real = values.quick ? rows : Math.min(rows, Number(values.real ?? rows));
const dir = await mkdtemp(join(tmpdir(), 'leadflow-bench-import-'));
const journeys = join(dir, 'journeys');
await mkdir(journeys, { recursive: true });
await writeFile(join(journeys, 'funnel.yaml'), 'stages:\n  lead: { staleAfter: 14d }\n');

async function writeCsv(file: string, n: number) {
  const out = createWriteStream(file);
  out.write('id,email,name,owner,source,deal_amount,deal_currency,company\n');
  for (let i = 0; i < n; i++) {
    if (!out.write(`bench-${i},lead${i}@example.com,Lead ${i},${['zhang.min', 'bob', 'li.wei'][i % 3]},${['expo', 'ads', 'webinar'][i % 3]},${1000 + (i % 50) * 500},CNY,Company ${i % 997}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return file;
}
const csv = await writeCsv(join(dir, 'leads.csv'), rows);
const realCsv = real === rows ? csv : await writeCsv(join(dir, 'real.csv'), real);

/** `leadflow leads import <args>` under /usr/bin/time: its output, wall time and peak memory. */
async function timedImport(file: string, count: number, args: string[], env: Record<string, string>) {
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-v', process.execPath, LEADFLOW_BIN, 'leads', 'import', file, ...args], { env: { ...process.env, LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (d: Buffer) => (text += d));
  child.stderr.on('data', (d: Buffer) => (text += d));
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`leads import ${args.join(' ')} exited ${code}:\n${text.slice(0, 2000)}`);
  const seconds = (performance.now() - started) / 1000;
  return { report: /(?:would import|imported) .*/.exec(text)?.[0], seconds: Math.round(seconds * 10) / 10, rows: count, rowsPerSecond: Math.round(count / seconds), maxRssMB: Math.round(Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1] ?? NaN) / 1024) };
}
const dryRun = await timedImport(csv, rows, ['--dry-run'], {});

const token = 'bench-import-token-0123456789';
const env = { DATA_DIR: join(dir, 'data'), JOURNEYS_DIR: journeys, PORT: String(await freePort()), TEMPORAL_DEV_PORT: String(await freePort()), TEMPORAL_UI_PORT: String(await freePort()), LOG_LEVEL: 'error', LEADFLOW_API_TOKEN: token, DATABASE_URL: '', TEMPORAL_ADDRESS: '', SMTP_URL: '' };
const server = runCli(['start'], env);
const [, base] = await server.waitForOutput(/API\s+(http:\/\/\S+)\/api/, 120_000);

// Whatever happens, the server this started is stopped and its folder removed.
async function measure() {
  const started = performance.now();
  const imported = await timedImport(realCsv, real, ['--rate', values.rate!, '--concurrency', values.concurrency!], { LEADFLOW_URL: base!, LEADFLOW_API_TOKEN: token });

  // Every journey has started and logged its enrolment when the funnel counts them all.
  const funnel = async () => (await (await fetch(`${base}/api/funnel`, { headers: { authorization: `Bearer ${token}` } })).json()) as { leads: number };
  let logged = 0;
  for (const deadline = Date.now() + (values.quick ? 5 : Number(values.drain)) * 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 2_000))) {
    logged = (await funnel()).leads;
    if (logged >= real) break;
  }
  const loggedSeconds = (performance.now() - started) / 1000;
  const t = performance.now();
  await funnel();
  const funnelMs = Math.round(performance.now() - t);
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const backlog = Number(/^leadflow_task_queue_backlog\{task_queue="leadflow",kind="workflow"\} (\S+)$/m.exec(metrics)?.[1] ?? NaN);
  const handOffs = Number(/^leadflow_handoff_seconds_count\{route="\/api\/leads",status="202"\} (\S+)$/m.exec(metrics)?.[1] ?? NaN);
  const handOffSeconds = Number(/^leadflow_handoff_seconds_sum\{route="\/api\/leads",status="202"\} (\S+)$/m.exec(metrics)?.[1] ?? NaN);
  return { imported, loggedSeconds, logged, funnelMs, backlog, handOffs, handOffSeconds };
}
let result: Awaited<ReturnType<typeof measure>>;
try {
  result = await measure();
} catch (err) {
  // What the server said before it went: kept for the post-mortem, outside the removed folder.
  const log = join(tmpdir(), `leadflow-bench-start-${Date.now()}.log`);
  await writeFile(log, server.output());
  process.stderr.write(`leadflow start's output is in ${log}\n`);
  throw err;
} finally {
  server.child.kill('SIGINT');
  await server.exited;
  await rm(dir, { recursive: true, force: true });
}
const { imported, loggedSeconds, logged, funnelMs, backlog, handOffs, handOffSeconds } = result;

process.stdout.write(`${JSON.stringify({
  bench: 'leads-import', rows, real, rate: Number(values.rate), concurrency: Number(values.concurrency), dryRun, imported,
  meanHandOffMs: Math.round((handOffSeconds / handOffs) * 1000), afterSeconds: Math.round(loggedSeconds * 10) / 10, logged, workflowBacklog: backlog, funnelMsAtEnd: funnelMs,
  cpus: cpus().length, cpu: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString(),
})}\n`);
