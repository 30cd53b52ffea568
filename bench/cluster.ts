// `DATABASE_URL=postgres://… npm run bench:cluster [-- --leads 300 --workers 1,2]`: the e-mail
// benchmark on a real Temporal cluster (the server built from the Go module proxy, on
// PostgreSQL, as `npm run test:cluster` runs it), once per worker count: `leadflow server` and
// N `leadflow worker` processes, the store on the same PostgreSQL server, a loopback SMTP sink.
// Each variant gets its own leadflow database and task queue on the one cluster, one after the
// other, with the same figures and raw limits as `npm run bench`.
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { startTemporalCluster, TEMPORAL_SERVER_VERSION } from '../scripts/temporal-cluster.js';
import { runCli, type CliRun } from '../test/helpers/cli.js';
import { writeJourneys } from '../test/helpers/journey-files.js';
import { ownDatabase } from '../test/helpers/own-database.js';
import { freePort } from '../test/helpers/ports.js';
import { startSmtpSink } from '../test/helpers/smtp-sink.js';
import { cpuSecondsOf, cpuSecondsOfAll, machineCpuSeconds } from './proc-cpu.js';
import { benchJourneys, BENCH_TOKEN } from './system.js';
import { measureThroughput, type ThroughputFigures } from './throughput.js';

const { values } = parseArgs({ options: { leads: { type: 'string', default: '300' }, workers: { type: 'string', default: '1,2' } } });
const leads = Number(values.leads);
const variants = values.workers!.split(',').map(Number);
const postgres = process.env.DATABASE_URL;
if (!postgres) throw new Error('DATABASE_URL must name a PostgreSQL server (bash .ci/postgres.sh starts one)');
const log = (line: string) => process.stderr.write(`[bench:cluster] ${line}\n`);

interface CpuNow {
  workers: number;
  server: number;
  temporal: number;
  postgres: number;
  machine: { busy: number; total: number };
}

/** CPU seconds so far of each part of the cluster, and of the whole machine. */
async function cpuNow(pids: { workers: number[]; server: number; temporal: number }): Promise<CpuNow> {
  const workers = await Promise.all(pids.workers.map(cpuSecondsOf));
  return { workers: workers.reduce((a, b) => a + b, 0), server: await cpuSecondsOf(pids.server), temporal: await cpuSecondsOf(pids.temporal), postgres: await cpuSecondsOfAll('postgres'), machine: await machineCpuSeconds() };
}

/** Where the CPU went during one measure, in seconds, and how busy the machine's cores were. */
type CpuShare = Omit<CpuNow, 'machine'> & { machineBusy: number };

function cpuShare(a: CpuNow, b: CpuNow): CpuShare {
  return { workers: b.workers - a.workers, server: b.server - a.server, temporal: b.temporal - a.temporal, postgres: b.postgres - a.postgres, machineBusy: (b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total) };
}

const name = `lf_bench_${randomUUID().slice(0, 8)}`;
log(`Temporal ${TEMPORAL_SERVER_VERSION} on PostgreSQL`);
const cluster = await startTemporalCluster({ postgresUrl: postgres, name, dropOnStop: true, log });
const connection = await Connection.connect({ address: cluster.address });
const client = new Client({ connection, namespace: cluster.namespace });
const journeysDir = await writeJourneys(benchJourneys());
const results: { workers: number; figures: ThroughputFigures; cpu: CpuShare }[] = [];
try {
  for (const [index, workers] of variants.entries()) {
    const [sink, port, database] = await Promise.all([startSmtpSink(), freePort(), ownDatabase(postgres, `${name}_v${index}`)]);
    const env = {
      TEMPORAL_ADDRESS: cluster.address,
      TEMPORAL_NAMESPACE: cluster.namespace,
      TEMPORAL_TASK_QUEUE: `bench-${workers}-${randomUUID().slice(0, 8)}`,
      DATABASE_URL: database.url,
      LEADFLOW_SECRET: 'bench-secret-0123456789abcdef0123456789',
      LEADFLOW_API_TOKEN: BENCH_TOKEN,
      SMTP_URL: sink.url,
      MAIL_RATE_PER_SECOND: '10000',
      JOURNEYS_DIR: journeysDir,
      // leadflow's default level, as production runs it; the readiness lines are logged at info.
      LOG_LEVEL: 'info',
      PORT: String(port),
    };
    const processes: CliRun[] = [runCli(['server'], env), ...Array.from({ length: workers }, () => runCli(['worker'], env))];
    try {
      await Promise.all(processes.map((p) => p.waitForOutput(/HTTP server listening|worker running/, 120_000)));
      log(`${workers} worker(s): ${leads} leads × 3 mails`);
      const pids = { workers: processes.slice(1).map((p) => p.child.pid!), server: processes[0]!.child.pid!, temporal: cluster.process.pid! };
      const before = await cpuNow(pids);
      const figures = await measureThroughput({ url: `http://127.0.0.1:${port}`, client, sink }, leads);
      const cpu = cpuShare(before, await cpuNow(pids));
      log(JSON.stringify({ figures, cpu }));
      results.push({ workers, figures, cpu });
    } finally {
      for (const p of processes) p.child.kill('SIGTERM');
      await Promise.all(processes.map((p) => p.exited));
      await sink.close();
      await database.drop();
    }
  }
} finally {
  await connection.close();
  await cluster.stop();
}

const f = (n: number, digits = 1) => n.toFixed(digits);
console.log(JSON.stringify({ date: new Date().toISOString(), machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`, temporal: TEMPORAL_SERVER_VERSION, leads, results }));
console.log('| workers | e-mail steps/s vs raw pooled nodemailer | first mail p50 / p99 | timer lateness p50 / p99 | enrolments/s vs raw `signalWithStart` | events/s vs raw `signal` | CPU s: workers / server / Temporal / PostgreSQL | cores busy |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const { workers, figures: t, cpu } of results) {
  console.log(`| ${workers} | ${f(t.mailsPerSecond)} / ${f(t.rawSmtpPerSecond)} = **${f(t.mailsPerSecond / t.rawSmtpPerSecond, 2)}×** | ${f(t.firstMailP50Ms / 1000, 2)} s / ${f(t.firstMailP99Ms / 1000, 2)} s | ${f(t.timerLatenessP50Ms / 1000, 2)} s / ${f(t.timerLatenessP99Ms / 1000, 2)} s | ${f(t.enrolPerSecond)} / ${f(t.rawSignalWithStartPerSecond)} = ${f(t.enrolPerSecond / t.rawSignalWithStartPerSecond, 2)}× | ${f(t.eventsPerSecond)} / ${f(t.rawSignalPerSecond)} = ${f(t.eventsPerSecond / t.rawSignalPerSecond, 2)}× | ${f(cpu.workers)} / ${f(cpu.server)} / ${f(cpu.temporal)} / ${f(cpu.postgres)} | ${f(100 * cpu.machineBusy, 0)} % |`);
}
