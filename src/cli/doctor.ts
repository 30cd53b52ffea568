import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { parseDuration } from '../domain/duration.js';
import { findTrouble } from '../doctor/find-trouble.js';
import { formatTroubles } from '../doctor/report.js';
import { lazyClient } from '../temporal/client.js';
import { UsageError } from './errors.js';

/**
 * `leadflow journeys doctor`: the operator's view of journeys in trouble. Exits 1 when any
 * workflow needs attention, so a cron job or a CI check can alert on it.
 */
export function doctorCommand(journeys: Command): void {
  journeys
    .command('doctor')
    .description('list workflows with a failing task and journeys with recent errors, and what to do about each')
    .option('--since <duration>', 'errors newer than this count (3d, 12h, …)', '7d')
    .option('--json', 'print the findings as JSON')
    .action(async (opts: { since: string; json?: boolean }) => {
      const config = loadConfig();
      let sinceMs: number;
      try {
        sinceMs = parseDuration(opts.since);
      } catch (err) {
        throw new UsageError(`--since ${(err as Error).message}`);
      }
      const since = new Date(Date.now() - sinceMs);
      const address = config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
      const client = lazyClient({ address, namespace: config.TEMPORAL_NAMESPACE });
      try {
        const result = await findTrouble(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, since });
        process.stdout.write(`${opts.json ? JSON.stringify(result, null, 2) : formatTroubles(result, since)}\n`);
        if (result.troubles.length) process.exitCode = 1;
      } catch (err) {
        throw new Error(`cannot ask Temporal at ${address} (namespace ${config.TEMPORAL_NAMESPACE}): ${(err as Error).message}`, { cause: err });
      } finally {
        await client.connection.close();
      }
    });
}
