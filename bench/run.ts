// `npm run bench [-- --quick] [--label before]`: the benchmark suite. Each run is kept as
// docs/benchmarks/<label>.json, and docs/benchmarks.md is written from all the runs kept, with
// the command, machine, versions and date of each. `--quick` checks the harness (CI runs it)
// with figures too small to mean anything.
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/temporal/binaries.js';
import { simulateJourney } from '../src/simulate/run.js';
import { SHIPPED_JOURNEYS } from '../test/helpers/leads.js';
import { measureHistoryCosts } from './history-costs.js';
import { measureSleepingMemory } from './memory.js';
import { startBenchSystem } from './system.js';
import { measureThroughput } from './throughput.js';
import { renderBenchmarks, spliceBenchmarks, type BenchRun } from './report.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, label: { type: 'string' }, leads: { type: 'string' }, sleeping: { type: 'string' } } });
const quick = values.quick!;
const leads = Number(values.leads ?? (quick ? 30 : 2000));
// `--sleeping 10000,100000`: memory checkpoints, enrolled cumulatively in the same system.
const sleeping = (values.sleeping ?? (quick ? '100' : '10000')).split(',').map(Number).sort((a, b) => a - b);
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const version = (cmd: string, args: string[]) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).split('\n')[0]!.trim();
  } catch {
    return 'unknown';
  }
};

log('history costs (time-skipped)');
const history = await measureHistoryCosts({ quick });
log(`throughput: ${leads} leads × 3 mails`);
const system = await startBenchSystem();
let throughput;
let memory;
try {
  throughput = await measureThroughput(system, leads);
  log(`memory: ${sleeping.join(', ')} sleeping journeys`);
  memory = await measureSleepingMemory(system, sleeping, (m) => log(`memory: ${m.leads} asleep, RSS ${m.rssMb.toFixed(0)} MB, Temporal database ${m.temporalDbMb?.toFixed(0)} MB, all in their wait ${m.settledSeconds?.toFixed(0)} s after the last 202`));
} finally {
  await system.close();
}
log('simulate a year');
const simStarted = performance.now();
await simulateJourney({ journeysDir: SHIPPED_JOURNEYS, lead: { id: 'bench', email: 'bench@example.com', timezone: 'Asia/Shanghai', locale: 'zh-CN', stage: 'won', birthday: '05-17' }, days: 365, events: [], env: process.env });
const simulateYearSeconds = (performance.now() - simStarted) / 1000;

const run: BenchRun = {
  label: values.label ?? new Date().toISOString().slice(0, 10),
  date: new Date().toISOString(),
  command: `${process.env.TEMPORAL_MAX_CACHED_WORKFLOWS ? `TEMPORAL_MAX_CACHED_WORKFLOWS=${process.env.TEMPORAL_MAX_CACHED_WORKFLOWS} ` : ''}npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  versions: { node: process.version, temporalCli: version(join(PROJECT_ROOT, '.temporal', 'bin', 'temporal'), ['--version']), git: version('git', ['rev-parse', '--short', 'HEAD']) },
  store: process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite',
  quick,
  leads,
  history,
  throughput: throughput!,
  memory: memory!,
  simulateYearSeconds,
};
console.log(JSON.stringify(run, null, 2));
if (!quick) {
  const dir = join(PROJECT_ROOT, 'docs', 'benchmarks');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${run.label}.json`), `${JSON.stringify(run, null, 2)}\n`);
  const runs = await Promise.all((await readdir(dir)).filter((f) => f.endsWith('.json')).sort().map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as BenchRun));
  const docPath = join(PROJECT_ROOT, 'docs', 'benchmarks.md');
  const doc = await readFile(docPath, 'utf8').catch(() => '');
  await writeFile(docPath, spliceBenchmarks(doc, renderBenchmarks(runs)));
  log('wrote docs/benchmarks.md');
}
