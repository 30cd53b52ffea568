import { NativeConnection, Runtime, DefaultLogger, makeTelemetryFilterString, type LogEntry, type Worker } from '@temporalio/worker';
import type { Activities } from '../../activities/index.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { connectWithRetry } from '../temporal/connect-retry.js';
import { createLeadflowWorker } from '../temporal/worker.js';

let runtimeInstalled = false;

// Warnings of the SDK core that say nothing to act on: the Java time-skipping server (simulations,
// tests) does not advertise a capability that real servers since 1.16 do.
const BENIGN = [/Temporal Server 1\.16\.0 or newer is required/];

function forward(logger: Logger, { level, message, meta }: LogEntry): void {
  // The SDK passes errors as `error`; pino serialises them under `err` only.
  const { error, ...rest } = meta ?? {};
  const fields = { ...rest, ...(error instanceof Error ? { err: error } : error !== undefined ? { error } : {}), component: 'temporal' };
  if (BENIGN.some((re) => re.test(message))) logger.debug(fields, message);
  else logger[level === 'ERROR' ? 'error' : 'warn'](fields, message);
}

/**
 * Temporal's own logs, the SDK core's (Rust) included, go through our logger, warnings and up,
 * so a command's output holds what the user asked for and a server's log stays JSON. Once per process.
 */
export function installTemporalRuntime(logger: Logger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) => forward(logger, entry)),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }), forward: {} } },
  });
}

export interface RunningWorker {
  worker: Worker;
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function startWorker(config: Config, address: string, activities: Activities, logger: Logger): Promise<RunningWorker> {
  installTemporalRuntime(logger);
  const connection = await connectWithRetry(() => NativeConnection.connect({ address }), { address, logger });
  const worker = await createLeadflowWorker({ connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, activities, maxCachedWorkflows: config.TEMPORAL_MAX_CACHED_WORKFLOWS });
  const done = worker.run().finally(async () => {
    await connection.close();
  });
  return {
    worker,
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
