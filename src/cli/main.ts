import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { JourneyErrors } from '../journeys/journey-error.js';
import { UsageError } from './errors.js';
import { journeysCommand } from './journeys.js';
import { connectorsCommand } from './connectors.js';
import { serviceCommands } from './services.js';
import { leadsCommand } from './leads.js';
import { insightCommand } from './insight.js';
import { teamCommand } from './team.js';

// Exit codes a shell user can rely on: 0 done, 1 failed (journey files invalid, a server could not
// start), 2 wrong usage or configuration.

const program = new Command('leadflow')
  .description('sales-funnel automation on Temporal: lead journeys, nurture e-mail, CRM sync')
  .version('0.1.0')
  .exitOverride();

serviceCommands(program);
journeysCommand(program);
connectorsCommand(program);
leadsCommand(program);
insightCommand(program);
teamCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
  if (err instanceof UsageError || err instanceof ConfigError) {
    process.stderr.write(`leadflow: ${err.message}\n`);
    process.exit(2);
  }
  if (err instanceof JourneyErrors) {
    process.stderr.write(`leadflow: the journey files have problems:\n${err.errors.map((e) => `  ✗ ${e.message}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stderr.write(`leadflow: ${(err as Error).message}\n`);
  process.exit(1);
}
