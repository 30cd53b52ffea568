import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { loadConfig } from '../config.js';
import { isKnownRegion } from '../calendar/library-holidays.js';
import { leadSchema, type Lead } from '../domain/lead.js';
import { processEnv } from '../env.js';
import { journeyLibrary } from '../journeys/library.js';
import { simulateJourney, StartInPastError } from '../simulate/run.js';
import { DEFAULT_SCENARIO, defaultScenario, parseBirthday, parseScenarioAnswer, parseScenarioEvent } from '../simulate/scenario.js';
import { formatTimeline, formatTimelineJson } from '../simulate/timeline.js';
import { doctorCommand } from './doctor.js';
import { UsageError } from './errors.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface SimulateOptions {
  dir?: string;
  days: string;
  timezone: string;
  locale: string;
  stage: string;
  name: string;
  country?: string;
  region?: string;
  start?: string;
  json?: boolean;
  birthday?: string;
  answer?: string[];
  event?: string[];
  events: boolean;
}

/** The sample lead, validated as the API would validate it, with errors named by option. */
function sampleLead(opts: SimulateOptions): Lead {
  const birthday = opts.birthday ? parseBirthday(opts.birthday) : undefined;
  const fields = { id: 'sample-lead', email: 'li.wei@example.com', name: opts.name, locale: opts.locale, timezone: opts.timezone, owner: 'Zhang Min', stage: opts.stage, country: opts.country, region: opts.region, birthday };
  const lead = leadSchema.safeParse(fields);
  if (!lead.success) throw new UsageError(lead.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n'));
  if (lead.data.region && !isKnownRegion(lead.data.region)) throw new UsageError(`--region: ${lead.data.region} is not a region with public holidays leadflow knows`);
  return lead.data;
}

/** `2027-01-25` (09:00) or `2027-01-25T14:30` on the lead's clock, as epoch ms. */
function startOnLeadClock(text: string, zone: string): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const start = DateTime.fromISO(dateOnly ? `${text}T09:00` : text, { zone });
  if (!start.isValid) throw new UsageError(`--start: "${text}" is not a date or date-time such as 2027-01-25 or 2027-01-25T14:30`);
  return start.toMillis();
}

export function journeysCommand(program: Command): void {
  const journeys = program.command('journeys').description('check and try out the journey files marketing ops edit');

  journeys
    .command('validate')
    .description('check every file in the journeys folder; exit 1 and name each problem if any')
    .option('--dir <path>', 'journeys folder (default: JOURNEYS_DIR or ./journeys)')
    .action(async (opts: { dir?: string }) => {
      const config = loadConfig(opts.dir ? { ...processEnv(), JOURNEYS_DIR: opts.dir } : processEnv());
      const { errors, warnings, sequences } = await journeyLibrary(config.journeysDir).validate();
      for (const w of warnings) process.stderr.write(`! ${w}\n`);
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
    .option('--country <code>', "the lead's country for public holidays (default: the zone's)")
    .option('--region <code>', 'ISO 3166-2 region whose own holidays count too, e.g. DE-BE (default: what the zone implies)')
    .option('--start <date>', "when the lead enrols, on the lead's clock: 2027-01-25 (09:00) or 2027-01-25T14:30 (default: now)")
    .option('--stage <stage>', 'the stage the lead enters at', 'lead')
    .option('--name <name>', "the lead's name", 'Li Wei')
    .option('--birthday <date>', 'the lead\'s birthday: MM-DD, YYYY-MM-DD, chinese:M-D or chinese:leapM-D')
    .option('--answer <offset:score>', 'the customer answers the latest survey with a score, e.g. 10d:9 (repeatable)', collect)
    .option('--event <offset:type[=stage]>', `something that happens, repeatable (default: the moves of ${DEFAULT_SCENARIO.join(' ')} after --stage)`, collect)
    .option('--no-events', 'simulate a lead that never does anything')
    .option('--json', 'one JSON object per line: kind, at (UTC), local (lead clock) and the moment’s own fields')
    .action(async (opts: SimulateOptions) => {
      const config = loadConfig(opts.dir ? { ...processEnv(), JOURNEYS_DIR: opts.dir } : processEnv());
      const days = Number(opts.days);
      if (!Number.isInteger(days) || days < 1 || days > 3660) throw new UsageError('--days must be a whole number of days from 1 to 3660');
      const lead = sampleLead(opts);
      const startAt = opts.start ? startOnLeadClock(opts.start, lead.timezone!) : undefined;
      let events;
      try {
        events = opts.events ? (opts.event ?? defaultScenario(lead.stage ?? 'lead')).map(parseScenarioEvent) : [];
      } catch (err) {
        throw new UsageError(`--event ${(err as Error).message}`);
      }
      try {
        events.push(...(opts.answer ?? []).map(parseScenarioAnswer));
      } catch (err) {
        throw new UsageError(`--answer ${(err as Error).message}`);
      }
      try {
        const result = await simulateJourney({ journeysDir: config.journeysDir, lead, days, events, env: processEnv(), startAt });
        process.stdout.write(`${opts.json ? formatTimelineJson(result) : formatTimeline(result, days)}\n`);
      } catch (err) {
        if (err instanceof StartInPastError) throw new UsageError(err.message);
        throw err;
      }
    });

  doctorCommand(journeys);
}
