import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../../activities/index.js';
import { activityMetrics } from '../metrics/activity-interceptor.js';
import { WORKFLOW_SOURCE } from './workflow-bundle.js';

export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** Journeys kept in memory between steps (TEMPORAL_MAX_CACHED_WORKFLOWS); the SDK's default otherwise. */
  maxCachedWorkflows?: number;
  /** A pre-built bundle (tests, production); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/** The worker that runs lead journeys and their activities on one task queue. */
export async function createLeadflowWorker(setup: WorkerSetup): Promise<Worker> {
  return Worker.create({
    connection: setup.connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    activities: setup.activities,
    interceptors: { activity: [activityMetrics] },
    ...(setup.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: setup.maxCachedWorkflows } : {}),
    ...(setup.workflowBundle ? { workflowBundle: setup.workflowBundle } : WORKFLOW_SOURCE),
  });
}
