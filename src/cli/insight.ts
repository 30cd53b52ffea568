import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { rebuildInsight } from '../insight/rebuild.js';
import { insightStore } from '../store/insight-store.js';
import { openDb } from '../store/open-store.js';
import { lazyClient } from '../temporal/client.js';

/** `leadflow insight rebuild`: the event log filled in from Temporal's histories. */
export function insightCommand(program: Command): void {
  program
    .command('insight')
    .description('the event log behind the funnel numbers')
    .command('rebuild')
    .description("append the facts of every lead journey's history that the log lacks (leads enrolled before it existed); with the embedded database, stop `leadflow start` first")
    .option('--dry-run', 'count what the histories hold, write nothing')
    .action(async (opts: { dryRun?: boolean }) => {
      const config = loadConfig();
      const client = lazyClient({ address: config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`, namespace: config.TEMPORAL_NAMESPACE });
      const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
      try {
        const report = await rebuildInsight({ client, store: insightStore(db), dryRun: opts.dryRun, onProgress: (n) => n % 500 === 0 && process.stderr.write(`  ${n} journeys read\n`) });
        process.stdout.write(`${report.journeys} journeys, ${report.facts} facts in their histories; ${opts.dryRun ? 'nothing written (dry run)' : `${report.added} added to the event log`}\n`);
      } finally {
        await client.connection.close();
        await db.close();
      }
    });
}
