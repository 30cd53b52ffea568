import type { HistoryCosts } from './history-costs.js';
import type { SleepingFigure } from './memory.js';
import type { ThroughputFigures } from './throughput.js';

/** One run of `npm run bench`, as kept in docs/benchmarks/<label>.json. */
export interface BenchRun {
  label: string;
  date: string;
  command: string;
  machine: string;
  versions: Record<string, string>;
  store: string;
  quick: boolean;
  leads: number;
  history: HistoryCosts;
  throughput: ThroughputFigures;
  /** One checkpoint per `--sleeping` total; runs kept from before checkpoints hold a single object. */
  memory: SleepingFigure | SleepingFigure[];
  simulateYearSeconds: number;
}

const sleeping = (r: BenchRun): SleepingFigure[] => [r.memory].flat();
const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const ratio = (a: number, b: number) => `${f(a)} / ${f(b)} = **${f(a / b, 2)}×**`;

/** The markers around the part of docs/benchmarks.md that `npm run bench` writes; the rest is kept. */
export const BENCH_MARKERS = { start: '<!-- npm run bench: written from docs/benchmarks/*.json -->', end: '<!-- end of npm run bench -->' } as const;

/**
 * docs/benchmarks.md with its journey section replaced by `section`, so the hand-run benchmarks'
 * results (funnel API, import) written around it stay. A file without the markers gets the
 * section at its end.
 */
export function spliceBenchmarks(doc: string, section: string): string {
  const block = `${BENCH_MARKERS.start}\n${section.trimEnd()}\n${BENCH_MARKERS.end}`;
  const a = doc.indexOf(BENCH_MARKERS.start);
  const b = doc.indexOf(BENCH_MARKERS.end);
  if (a < 0 || b < a) return `${doc.trimEnd()}${doc.trim() ? '\n\n' : '# Benchmarks\n\n'}${block}\n`;
  return `${doc.slice(0, a)}${block}${doc.slice(b + BENCH_MARKERS.end.length)}`;
}

/** The journey section of docs/benchmarks.md from every kept run, side by side, oldest first. */
export function renderBenchmarks(runs: BenchRun[]): string {
  const cols = runs.map((r) => r.label);
  const row = (name: string, cell: (r: BenchRun) => string) => `| ${name} | ${runs.map(cell).join(' | ')} |`;
  return [
    '## Journeys at scale: `npm run bench`',
    '',
    'Written by `npm run bench` (bench/run.ts) from the runs kept in `docs/benchmarks/*.json`. Every throughput figure is a ratio against its raw limit measured in the same run, on the same servers: the machines here are shared and noisy, so absolute figures move between runs and ratios move much less. History figures are counts, which no noise can move.',
    '',
    row('run', (r) => `**${r.label}**`).replace(/^\| run \|/, '| figure |'),
    `|${'---|'.repeat(cols.length + 1)}`,
    row('date', (r) => r.date.slice(0, 16).replace('T', ' ')),
    row('command', (r) => `\`${r.command}\``),
    row('machine', (r) => r.machine),
    row('versions', (r) => Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join('; ')),
    row('store', (r) => r.store),
    row('leads × 3 e-mails', (r) => String(r.leads)),
    row('enrolments/s vs raw `signalWithStart`', (r) => ratio(r.throughput.enrolPerSecond, r.throughput.rawSignalWithStartPerSecond)),
    row('events/s vs raw `signal`', (r) => ratio(r.throughput.eventsPerSecond, r.throughput.rawSignalPerSecond)),
    row('e-mail steps/s end to end vs raw pooled nodemailer', (r) => ratio(r.throughput.mailsPerSecond, r.throughput.rawSmtpPerSecond)),
    row('first mail after the 202, p50 / p99 (burst)', (r) => `${f(r.throughput.firstMailP50Ms / 1000, 2)} s / ${f(r.throughput.firstMailP99Ms / 1000, 2)} s`),
    row('timer lateness, p50 / p99 (1 s waits)', (r) => `${f(r.throughput.timerLatenessP50Ms / 1000, 2)} s / ${f(r.throughput.timerLatenessP99Ms / 1000, 2)} s`),
    row('RSS with N sleeping journeys', (r) => sleeping(r).map((m) => `${f(m.rssMb, 0)} MB at ${m.leads} (heap ${f(m.heapMb, 0)} MB)`).join('; ')),
    row('Temporal database with N sleeping journeys', (r) => sleeping(r).map((m) => (m.temporalDbMb === undefined ? '–' : `${f(m.temporalDbMb, 0)} MB at ${m.leads}`)).join('; ')),
    row('all N journeys in their first wait, after the last 202', (r) => sleeping(r).map((m) => (m.settledSeconds === undefined ? '–' : `${f(m.settledSeconds, 0)} s at ${m.leads}`)).join('; ')),
    row('simulate a year (wall)', (r) => `${f(r.simulateYearSeconds, 1)} s`),
    row('history events / workflow tasks per enrolment (to the first mail)', (r) => `${r.history.enrolment.events} / ${r.history.enrolment.workflowTasks}`),
    row('… per e-mail step', (r) => `${r.history.emailStep.events} / ${r.history.emailStep.workflowTasks}`),
    row('… per stage change', (r) => `${r.history.stageChange.events} / ${r.history.stageChange.workflowTasks}`),
    row('… per year of care', (r) => `${r.history.careYear.events} / ${r.history.careYear.workflowTasks}`),
    row('history bytes per lead-year of care', (r) => `${r.history.careYear.bytes}`),
    '',
  ].join('\n');
}
