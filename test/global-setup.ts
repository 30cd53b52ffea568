import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { serverExecutable } from '../src/temporal/binaries.js';
import { WORKFLOW_BUNDLE_OPTIONS } from '../src/temporal/workflow-bundle.js';
import { LEAD_SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';

declare module 'vitest' {
  export interface ProvidedContext {
    workflowBundlePath: string;
    devServerAddress: string;
  }
}

/**
 * Once per run: the workflow bundle (webpack takes seconds) and one real Temporal dev server that
 * every end-to-end file shares, each on its own task queue. Time-skipping servers are per file.
 */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'leadflow-test-'));
  const [{ code }, dev] = await Promise.all([
    bundleWorkflowCode({ ...WORKFLOW_BUNDLE_OPTIONS, logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} } }),
    TestWorkflowEnvironment.createLocal({
      server: { executable: serverExecutable('cli', process.env), ip: '127.0.0.1', searchAttributes: LEAD_SEARCH_ATTRIBUTES, log: { format: 'json', level: 'error' } },
    }),
  ]);
  const workflowBundlePath = join(dir, 'workflow-bundle.js');
  await writeFile(workflowBundlePath, code);
  project.provide('workflowBundlePath', workflowBundlePath);
  project.provide('devServerAddress', dev.address);
  return async () => {
    await dev.teardown();
  };
}
