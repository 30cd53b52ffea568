import type { Logger } from '../logger.js';

/** How a start-up connection to Temporal is retried. */
export interface ConnectRetryOptions {
  /** What is being reached, for the log: the Temporal address. */
  address: string;
  logger: Logger;
  /** How long to keep trying before giving up with the last error. */
  timeoutMs?: number;
}

/**
 * A worker that starts while Temporal restarts (a deploy, a crash, a failover) waits for it,
 * as a running worker rides out the same outage, instead of exiting at its first refused
 * connection. After a minute it gives up with the error: a wrong TEMPORAL_ADDRESS still fails.
 */
export async function connectWithRetry<T>(connect: () => Promise<T>, { address, logger, timeoutMs = 60_000 }: ConnectRetryOptions): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 250; ; pause = Math.min(pause * 2, 5_000)) {
    try {
      return await connect();
    } catch (err) {
      if (Date.now() + pause > deadline) throw err;
      logger.warn({ temporal: address, err: (err as Error).message, retryInMs: pause }, 'Temporal not reachable yet; waiting for it');
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}
