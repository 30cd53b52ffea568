import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { startSmtpSink } from '../test/helpers/smtp-sink.js';

export const BENCH_TOKEN = 'bench-token-0123456789abcdef';
const SECRET = 'bench-secret-0123456789abcdef0123456789';

/**
 * The journeys the benchmarks run: `lead` sends three mails (window any, no cap) a short wait
 * apart; `qualified` sleeps a week (the sleeping journeys of the memory figure).
 */
export function benchJourneys(waitBetweenMails = '1s') {
  return {
    'funnel.yaml': 'stages:\n  lead:\n    sequence: three\n  contacted:\n    sequence: sleep\n',
    'sequences/three.yaml': `name: three\nsteps:\n  - send: hello\n    window: any\n  - wait: ${waitBetweenMails}\n  - send: hello\n    window: any\n  - wait: ${waitBetweenMails}\n  - send: hello\n    window: any\n`,
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
export async function startBenchSystem(opts: { waitBetweenMails?: string; workerOptions?: Record<string, unknown> } = {}) {
  installTemporalRuntime(createLogger('error'));
  const temporalDir = await mkdtemp(join(tmpdir(), 'leadflow-bench-temporal-'));
  const temporalDb = join(temporalDir, 'temporal.sqlite');
  const dev = await TestWorkflowEnvironment.createLocal({ server: { executable: serverExecutable('cli', process.env), ip: '127.0.0.1', dbFilename: temporalDb, extraArgs: [...DEV_SERVER_SQLITE_PRAGMAS], searchAttributes: LEAD_SEARCH_ATTRIBUTES, log: { format: 'json', level: 'error' } } });
  const sink = await startSmtpSink();
  const db = await openDb({ databaseUrl: process.env.DATABASE_URL });
  const journeysDir = await writeJourneys(benchJourneys(opts.waitBetweenMails));
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

/** POSTs JSON to the bench system's API with its token; anything but 202 fails the benchmark. */
export async function benchPost(sys: Pick<BenchSystem, 'url'>, path: string, body: unknown): Promise<void> {
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
