import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { journeyLibrary } from '../../src/journeys/library.js';
import { smtpMailer, type Mailer } from '../../src/mail/mailer.js';
import { installTemporalRuntime } from '../../src/runtime/worker-runtime.js';
import { createLogger } from '../../src/logger.js';
import { serverExecutable } from '../../src/temporal/binaries.js';

export const MAIL_FROM = 'Leadflow Test <news@leadflow.test>';

export function quietTemporal(): void {
  installTemporalRuntime(createLogger('error'));
}

/** A Java time-skipping test server of this file's own. */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietTemporal();
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: serverExecutable('test-server', process.env) } });
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

/** A worker with the real activities (real SMTP to the given URL) on a fresh task queue. */
export async function createTestWorker(connection: NativeConnection, opts: { journeysDir: string; smtpUrl: string; namespace?: string }): Promise<TestWorker> {
  const taskQueue = `test-${randomUUID()}`;
  const mailer = smtpMailer(opts.smtpUrl);
  const worker = await Worker.create({
    connection,
    namespace: opts.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: createActivities({ library: journeyLibrary(opts.journeysDir), mailer, mailFrom: MAIL_FROM }),
  });
  return { worker, taskQueue, mailer };
}
