import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { processEnv } from '../env.js';
import { journeyLibrary } from '../journeys/library.js';
import { mailSetup } from '../runtime/activity-setup.js';
import { checkDestinations, mentionGaps } from '../team/check.js';
import { UsageError } from './errors.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function teamCommand(program: Command): void {
  const team = program.command('team').description('the sales team of journeys/team.yaml: its chat destinations');

  team
    .command('check')
    .description('send a test message to every destination of team.yaml and report which work')
    .option('--dir <dir>', 'the journeys folder (default: JOURNEYS_DIR)')
    .option('--only <destination>', 'only this destination (repeatable; email:<owner> for an owner’s e-mail)', collect)
    .action(async (opts: { dir?: string; only?: string[] }) => {
      const config = loadConfig();
      const roster = await journeyLibrary(opts.dir ?? config.journeysDir).team();
      if (!Object.keys(roster.destinations).length && !Object.values(roster.owners).some((o) => o.email)) throw new UsageError('team.yaml names no destinations and no owner with an e-mail: nothing to check (see the README, "The sales team in the loop")');
      const { mailer } = await mailSetup(config);
      try {
        const results = await checkDestinations({ team: roster, env: processEnv(), mailer, mailFrom: config.MAIL_FROM, publicUrl: config.publicUrl, only: opts.only });
        if (!results.length) throw new UsageError(`no destination named ${opts.only?.join(', ')} in team.yaml`);
        for (const r of results) {
          const mark = r.outcome === 'ok' ? '✓' : '✗';
          process.stdout.write(`${mark} ${r.destination} (${r.service}): ${r.detail}${r.ms !== undefined ? ` in ${r.ms} ms` : ''}\n`);
        }
        for (const gap of mentionGaps(roster)) process.stdout.write(`! ${gap}\n`);
        const working = results.filter((r) => r.outcome === 'ok').length;
        process.stdout.write(`${working} of ${results.length} destination(s) work\n`);
        // Exit codes as everywhere: 2 for configuration (a variable not set), 1 for a destination that refused.
        if (results.some((r) => r.outcome === 'unconfigured')) process.exitCode = 2;
        else if (working < results.length) process.exitCode = 1;
      } finally {
        mailer.close();
      }
    });
}
