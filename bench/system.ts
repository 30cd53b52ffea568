import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { loadConfig } from '../src/config.js';
import { linkTokens } from '../src/links/tokens.js';
import { createLogger } from '../src/logger.js';
import { smtpMailer } from '../src/mail/mailer.js';
import { buildActivities } from '../src/runtime/activity-setup.js';
import { httpMailSetup, startHttp } from '../src/runtime/http-runtime.js';
import { installTemporalRuntime } from '../src/runtime/worker-runtime.js';
import { openDb } from '../src/store/open-store.js';
import { serverExecutable } from '../src/temporal/binaries.js';
import { DEV_SERVER_SQLITE_PRAGMAS } from '../src/temporal/dev-server.js';
import { WORKFLOW_SOURCE } from '../src/temporal/workflow-bundle.js';
import { LEAD_SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';
import { writeJourneys } from '../test/helpers/journey-files.js';
import { startSmtpSink, type SmtpSink } from '../test/helpers/smtp-sink.js';

export const BENCH_TOKEN = 'bench-token-0123456789abcdef';
const SECRET = 'bench-secret-0123456789abcdef0123456789';

/** The shape of the benchmarks' nurture sequence: how many mails, and the wait between them. */
export interface BenchSequence {
  /** The wait between two mails, as a sequence file writes it (`1s`, `8m`). */
  wait?: string;
  mails?: number;
}

/**
 * The journeys the benchmarks run: `lead` sends `mails` mails (window any, no cap) `wait` apart;
 * `qualified` sleeps a week (the sleeping journeys of the memory figure).
 */
export function benchJourneys({ wait = '1s', mails = 3 }: BenchSequence = {}) {
  const steps = Array.from({ length: mails }, () => '  - send: hello\n    window: any\n').join(`  - wait: ${wait}\n`);
  return {
    'funnel.yaml': 'stages:\n  lead:\n    sequence: mails\n  contacted:\n    sequence: sleep\n',
    'sequences/mails.yaml': `name: mails\nsteps:\n${steps}`,
    'sequences/sleep.yaml': 'name: sleep\nsteps:\n  - wait: 7d\n  - send: hello\n',
    'templates/hello/en.html': '---\nsubject: "Hello {{ lead.first_name }}"\n---\n<p>Hello {{ lead.name }}, this is a benchmark.</p>\n',
  };
}

/**
 * leadflow as one process runs it (`leadflow start`): a Temporal dev server on a SQLite file
 * (`temporalDb`, with `leadflow start`'s pragmas, so its size can be measured), one worker
 * with the real activities, the real HTTP listener, an SMTP sink on loopback. The store is PGlite,
 * or PostgreSQL with DATABASE_URL.
 */
export async function startBenchSystem(opts: { sequence?: BenchSequence; workerOptions?: Record<string, unknown> } = {}) {
  installTemporalRuntime(createLogger('error'));
  const temporalDir = await mkdtemp(join(tmpdir(), 'leadflow-bench-temporal-'));
  const temporalDb = join(temporalDir, 'temporal.sqlite');
  const dev = await TestWorkflowEnvironment.createLocal({ server: { executable: serverExecutable('cli', process.env), ip: '127.0.0.1', dbFilename: temporalDb, extraArgs: [...DEV_SERVER_SQLITE_PRAGMAS], searchAttributes: LEAD_SEARCH_ATTRIBUTES, log: { format: 'json', level: 'error' } } });
  const sink = await startSmtpSink();
  const db = await openDb({ databaseUrl: process.env.DATABASE_URL });
  const journeysDir = await writeJourneys(benchJourneys(opts.sequence));
  const taskQueue = `bench-${randomUUID()}`;
  const mailer = smtpMailer(sink.url);
  // The worker's cache as leadflow's config sets it (TEMPORAL_MAX_CACHED_WORKFLOWS from the environment, else its default).
  const config = loadConfig({ PORT: '0', TEMPORAL_TASK_QUEUE: taskQueue, MAIL_RATE_PER_SECOND: '10000', LOG_LEVEL: 'error', ...(process.env.TEMPORAL_MAX_CACHED_WORKFLOWS ? { TEMPORAL_MAX_CACHED_WORKFLOWS: process.env.TEMPORAL_MAX_CACHED_WORKFLOWS } : {}) });
  const activities = buildActivities({ journeysDir, db, mailer, mailFrom: 'bench <bench@leadflow.local>', publicUrl: 'http://127.0.0.1', tokens: linkTokens(SECRET), tracking: false, ratePerSecond: 10_000 });
  const worker = await Worker.create({ connection: dev.nativeConnection, taskQueue, ...WORKFLOW_SOURCE, activities, maxCachedWorkflows: config.TEMPORAL_MAX_CACHED_WORKFLOWS, ...opts.workerOptions });
  const running = worker.run();
  const http = await startHttp(config, { client: dev.client, apiToken: BENCH_TOKEN, logger: createLogger('silent'), mail: httpMailSetup(config, db, SECRET) });
  return {
    dev,
    client: dev.client,
    sink,
    db,
    taskQueue,
    temporalDb,
    url: http.url,
    async close() {
      await http.stop();
      worker.shutdown();
      await running;
      mailer.close();
      await sink.close();
      await db.close();
      await dev.teardown();
      await rm(temporalDir, { recursive: true, force: true });
    },
  };
}

export type BenchSystem = Awaited<ReturnType<typeof startBenchSystem>>;

/**
 * What a throughput measure needs of a running leadflow, embedded or a cluster: its HTTP API, a
 * Temporal client to the same server (for the raw limits), and the SMTP sink its mail goes to.
 */
export interface BenchTarget {
  url: string;
  client: Client;
  sink: SmtpSink;
}

/** POSTs JSON to the bench system's API with its token; anything but 202 fails the benchmark. */
export async function benchPost(sys: Pick<BenchTarget, 'url'>, path: string, body: unknown): Promise<void> {
  const r = await fetch(`${sys.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' } });
  if (r.status !== 202) throw new Error(`${path}: ${r.status} ${await r.text()}`);
}

/** Runs `task(i)` for i < n, at most `concurrency` at once; returns the wall time in seconds. */
export async function pooled(n: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, async () => {
    while (next < n) await task(next++);
  }));
  return (performance.now() - started) / 1000;
}

/** The p-th percentile (0–100) of some numbers. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
