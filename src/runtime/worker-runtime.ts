import { NativeConnection, Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import type { Activities } from '../../activities/index.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createLeadflowWorker } from '../temporal/worker.js';

let runtimeInstalled = false;

/** Temporal's own logs go through our logger, warnings and up. Once per process. */
export function installTemporalRuntime(logger: Logger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: new DefaultLogger('WARN', ({ level, message, meta }) => logger[level === 'ERROR' ? 'error' : 'warn']({ ...meta, component: 'temporal' }, message)),
  });
}

export interface RunningWorker {
  worker: Worker;
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function startWorker(config: Config, address: string, activities: Activities, logger: Logger): Promise<RunningWorker> {
  installTemporalRuntime(logger);
  const connection = await NativeConnection.connect({ address });
  const worker = await createLeadflowWorker({ connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, activities });
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
