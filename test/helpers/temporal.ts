import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, inject } from 'vitest';
import { linkTokens } from '../../src/links/tokens.js';
import { smtpMailer, type DkimOptions, type Mailer } from '../../src/mail/mailer.js';
import { buildActivities } from '../../src/runtime/activity-setup.js';
import type { Db } from '../../src/store/db.js';
import { testDatabases } from './databases.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';
import { installTemporalRuntime } from '../../src/runtime/worker-runtime.js';
import { createLogger } from '../../src/logger.js';
import { startTimeSkippingServer } from '../../src/temporal/time-skipping.js';

export const MAIL_FROM = 'Leadflow Test <news@leadflow.test>';

export function quietTemporal(): void {
  installTemporalRuntime(createLogger('error'));
}

/** A Java time-skipping test server of this file's own. */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietTemporal();
  return startTimeSkippingServer(process.env);
}

/** A connection to the dev server that global setup started for this run. */
export async function devServerConnection(): Promise<NativeConnection> {
  quietTemporal();
  return NativeConnection.connect({ address: inject('devServerAddress') });
}

export interface TestWorker {
  worker: Worker;
  taskQueue: string;
  mailer: Mailer;
}

export const TEST_SECRET = 'test-link-secret-0123456789abcdef0123456789';
export const TEST_PUBLIC_URL = 'http://leadflow.test';

let sharedDb: Promise<Db> | undefined;
/** One database per test file: the real server when DATABASE_URL is set, else PGlite. */
export function testDb(): Promise<Db> {
  const databases = testDatabases();
  return (sharedDb ??= databases[databases.length - 1]!.open());
}

export interface TestWorkerOptions {
  journeysDir: string;
  smtpUrl: string;
  namespace?: string;
  publicUrl?: string;
  tracking?: boolean;
  dkim?: DkimOptions;
  ratePerSecond?: number;
}

/** A worker with the real activities (real SMTP to the given URL, real store) on a fresh task queue. */
export async function createTestWorker(connection: NativeConnection, opts: TestWorkerOptions): Promise<TestWorker> {
  const taskQueue = `test-${randomUUID()}`;
  const mailer = smtpMailer(opts.smtpUrl, { dkim: opts.dkim });
  const activities = buildActivities({
    journeysDir: opts.journeysDir,
    db: await testDb(),
    mailer,
    mailFrom: MAIL_FROM,
    publicUrl: opts.publicUrl ?? TEST_PUBLIC_URL,
    tokens: linkTokens(TEST_SECRET),
    tracking: opts.tracking ?? false,
    ratePerSecond: opts.ratePerSecond,
  });
  const worker = await Worker.create({ connection, namespace: opts.namespace ?? 'default', taskQueue, workflowBundle: { codePath: inject('workflowBundlePath') }, activities });
  return { worker, taskQueue, mailer };
}

/**
 * A time-skipping server and an SMTP sink for one describe block, started before its tests and
 * closed after them: `const { env, sink } = timeSkippedWithSink()` then `env()`, `sink()`.
 */
export function timeSkippedWithSink(): { env: () => TestWorkflowEnvironment; sink: () => SmtpSink } {
  let env: TestWorkflowEnvironment | undefined;
  let sink: SmtpSink | undefined;
  beforeAll(async () => {
    [env, sink] = await Promise.all([timeSkippingEnv(), startSmtpSink()]);
  });
  afterAll(async () => {
    await env?.teardown();
    await sink?.close();
  });
  return { env: () => env!, sink: () => sink! };
}
