import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { linkTokens } from '../src/links/tokens.js';
import { captureMailer } from '../src/mail/capture.js';
import { buildActivities } from '../src/runtime/activity-setup.js';
import { openDb } from '../src/store/open-store.js';
import { PROJECT_ROOT } from '../src/temporal/binaries.js';
import { WORKFLOW_SOURCE } from '../src/temporal/workflow-bundle.js';

/**
 * The worker the history recorders run journeys on: this release's workflows and real activities
 * over the shipped journeys/, an in-memory store and a mailer that keeps what it is given, so a
 * recorded history is what production would write and nothing leaves the machine.
 */
export async function recorderWorker(env: TestWorkflowEnvironment): Promise<{ worker: Worker; taskQueue: string }> {
  const taskQueue = `record-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    ...WORKFLOW_SOURCE,
    activities: buildActivities({ journeysDir: join(PROJECT_ROOT, 'journeys'), db: await openDb({}), mailer: captureMailer(), mailFrom: 'leadflow <record@leadflow.local>', publicUrl: 'http://leadflow.invalid', tokens: linkTokens(randomUUID()) }),
  });
  return { worker, taskQueue };
}
