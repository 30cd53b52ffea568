import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { leadSchema } from '../domain/lead.js';
import { processEnv } from '../env.js';
import { journeyLibrary } from '../journeys/library.js';
import { simulateJourney } from '../simulate/run.js';
import { DEFAULT_SCENARIO, parseScenarioEvent } from '../simulate/scenario.js';
import { formatTimeline } from '../simulate/timeline.js';
import { doctorCommand } from './doctor.js';
import { UsageError } from './errors.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function journeysCommand(program: Command): void {
  const journeys = program.command('journeys').description('check and try out the journey files marketing ops edit');

  journeys
    .command('validate')
    .description('check every file in the journeys folder; exit 1 and name each problem if any')
    .option('--dir <path>', 'journeys folder (default: JOURNEYS_DIR or ./journeys)')
    .action(async (opts: { dir?: string }) => {
      const config = loadConfig(opts.dir ? { ...processEnv(), JOURNEYS_DIR: opts.dir } : processEnv());
      const { errors, sequences } = await journeyLibrary(config.journeysDir).validate();
      if (errors.length) {
        for (const e of errors) process.stderr.write(`✗ ${e.message}\n`);
        process.stderr.write(`${errors.length} problem(s) in ${config.journeysDir}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`✓ ${config.journeysDir}: funnel.yaml and ${sequences.length} sequence(s) are valid (${sequences.join(', ')})\n`);
    });

  journeys
    .command('simulate')
    .description("run a sample lead through the funnel on Temporal's time-skipping server and print its timeline")
    .option('--dir <path>', 'journeys folder (default: JOURNEYS_DIR or ./journeys)')
    .option('--days <n>', 'how long to simulate', '120')
    .option('--timezone <zone>', "the lead's IANA time zone", 'Asia/Shanghai')
    .option('--locale <tag>', "the lead's language", 'zh-CN')
    .option('--stage <stage>', 'the stage the lead enters at', 'lead')
    .option('--name <name>', "the lead's name", 'Li Wei')
    .option('--event <offset:type[=stage]>', `something that happens, repeatable (default: ${DEFAULT_SCENARIO.join(' ')})`, collect)
    .option('--no-events', 'simulate a lead that never does anything')
    .action(async (opts: { dir?: string; days: string; timezone: string; locale: string; stage: string; name: string; event?: string[]; events: boolean }) => {
      const config = loadConfig(opts.dir ? { ...processEnv(), JOURNEYS_DIR: opts.dir } : processEnv());
      const days = Number(opts.days);
      if (!Number.isInteger(days) || days < 1 || days > 3660) throw new UsageError('--days must be a whole number of days from 1 to 3660');
      const lead = leadSchema.safeParse({ id: 'sample-lead', email: 'li.wei@example.com', name: opts.name, locale: opts.locale, timezone: opts.timezone, owner: 'Zhang Min', stage: opts.stage });
      if (!lead.success) throw new UsageError(lead.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n'));
      let events;
      try {
        events = opts.events ? (opts.event ?? DEFAULT_SCENARIO).map(parseScenarioEvent) : [];
      } catch (err) {
        throw new UsageError(`--event ${(err as Error).message}`);
      }
      const result = await simulateJourney({ journeysDir: config.journeysDir, lead: lead.data, days, events, env: processEnv() });
      process.stdout.write(`${formatTimeline(result, days)}\n`);
    });

  doctorCommand(journeys);
}
