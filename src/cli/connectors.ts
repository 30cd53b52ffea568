import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { processEnv } from '../env.js';
import { loadConnectors } from '../runtime/connectors.js';
import { UsageError } from './errors.js';
import { reconcile } from './reconcile.js';

export function connectorsCommand(program: Command): void {
  const connectors = program.command('connectors').description('the CRM connections');

  connectors
    .command('check <name>')
    .description('test the credentials and print what the CRM shows: pipelines, stages, fields, the stage map')
    .action(async (name: string) => {
      const config = loadConfig();
      const configured = await loadConnectors(processEnv(), config.journeysDir);
      const connector = configured.get(name);
      if (!connector) {
        const on = [...configured.keys()];
        throw new UsageError(`connector "${name}" is not configured${on.length ? ` (configured: ${on.join(', ')})` : ''}; see the README for its variables`);
      }
      const seen = await connector.check();
      process.stdout.write(`✓ ${name}: credentials work\n${JSON.stringify({ ...seen, stageMap: connector.stages.config }, null, 2)}\n`);
    });

  connectors
    .command('reconcile <name>')
    .description('compare every record linked to a lead with its journey and repair the difference (the most recent change wins); print what changed')
    .option('--lead <id>', "only this lead's records")
    .option('--json', 'print the report as JSON')
    .option('--timeout <duration>', 'how long to wait for the workers to report', '15m')
    .action((name: string, opts: { lead?: string; json?: boolean; timeout: string }) => reconcile(name, opts));
}
