import { STAGES, type Stage } from '../domain/stages.js';
import type { LeadPath } from '../store/insight-store.js';
import { survivalQuantiles, type Stay } from './survival.js';

/** The funnel's steps in order; `lost` is an exit from any of them, not a step. */
export const FUNNEL_STEPS: readonly Stage[] = STAGES.filter((s) => s !== 'lost');
const DAY_MS = 86_400_000;

const rank = (stage: Stage) => FUNNEL_STEPS.indexOf(stage);
/** Fractions to 4 places (0.6667), days to 3, money to 2: the README says so and the tests compute it so. */
export const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;
const ratio = (a: number, b: number) => (b ? round(a / b, 4) : null);
const days = (ms: number | null) => (ms === null ? null : round(ms / DAY_MS, 3));

/** Which cohort, measured to when, in which currency. */
export interface FunnelQuery {
  /** The cohort: leads that reached `startStage` in [from, to). */
  from?: number;
  to?: number;
  /** The clock open stays are measured to. */
  asOf: number;
  startStage?: Stage;
  /** Amounts in other currencies are left out of values; default: the cohort's most common. */
  currency?: string;
}

/** Where the lead stands now: its last move. */
export const currentStage = (path: LeadPath) => path.moves[path.moves.length - 1]?.stage ?? path.stage;

type Outcome = 'advanced' | 'movedBack' | 'lost' | 'open';

/** Each visit of a cohort lead to a stage from its cohort entry on: how long, and how it ended. */
function staysOf(path: LeadPath, since: number, asOf: number): { stage: Stage; stay: Stay; outcome: Outcome }[] {
  const out: { stage: Stage; stay: Stay; outcome: Outcome }[] = [];
  path.moves.forEach((m, i) => {
    if (m.at < since || m.stage === 'won' || m.stage === 'lost') return;
    const next = path.moves[i + 1];
    const outcome: Outcome = !next ? 'open' : next.stage === 'lost' ? 'lost' : rank(next.stage) > rank(m.stage) ? 'advanced' : 'movedBack';
    out.push({ stage: m.stage, stay: next ? { ms: next.at - m.at, ended: true } : { ms: Math.max(0, asOf - m.at), ended: false }, outcome });
  });
  return out;
}

function mostCommonCurrency(paths: LeadPath[]): string | undefined {
  const counts = new Map<string, number>();
  for (const p of paths) if (p.currency) counts.set(p.currency, (counts.get(p.currency) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** A cohort lead, worked out once: its entry, the furthest step it reached, its stays, its outcome. */
export interface CohortLead {
  path: LeadPath;
  entry: number;
  /** Rank of the furthest funnel step reached (a lead stands at every step up to it). */
  furthest: number;
  current: Stage;
  stays: { stage: Stage; stay: Stay; outcome: Outcome }[];
  /** When it was won, for the sales cycle (the first win after its entry). */
  wonAt?: number;
  everLost: boolean;
}

/** The cohort: leads that reached the start stage in [from, to), each worked out in one pass. */
export function cohortOf(paths: LeadPath[], q: FunnelQuery): CohortLead[] {
  const start = rank(q.startStage ?? FUNNEL_STEPS[0]!);
  const out: CohortLead[] = [];
  for (const path of paths) {
    const entry = path.moves.find((m) => rank(m.stage) >= start)?.at;
    if (entry === undefined || (q.from !== undefined && entry < q.from) || (q.to !== undefined && entry >= q.to)) continue;
    let furthest = -1;
    for (const m of path.moves) furthest = Math.max(furthest, rank(m.stage));
    const current = currentStage(path);
    out.push({ path, entry, furthest, current, stays: staysOf(path, entry, q.asOf), wonAt: current === 'won' ? path.moves.find((m) => m.stage === 'won' && m.at >= entry)?.at : undefined, everLost: path.moves.some((m) => m.stage === 'lost' && m.at >= entry) });
  }
  return out;
}

/**
 * The funnel's figures for one set of leads (all of them, a source, an owner): `cohort` from
 * `cohortOf`, and `all` the leads whose current stage the snapshot counts. See the README's
 * "Funnel numbers" for each definition; this function is their one implementation.
 */
export function figuresOf(cohort: CohortLead[], all: LeadPath[], q: FunnelQuery) {
  const first = Math.max(0, rank(q.startStage ?? 'lead'));
  const steps = FUNNEL_STEPS.slice(first);
  const reached = steps.map((_, i) => cohort.filter((c) => c.furthest >= first + i).length);
  const nowCounts = new Map<Stage, number>();
  for (const p of all) nowCounts.set(currentStage(p), (nowCounts.get(currentStage(p)) ?? 0) + 1);
  const won = cohort.filter((c) => c.current === 'won');
  const lost = cohort.filter((c) => c.current === 'lost');
  const open = cohort.filter((c) => c.current !== 'won' && c.current !== 'lost');
  const currency = q.currency ?? mostCommonCurrency(cohort.map((c) => c.path));
  const valued = (list: CohortLead[]) => list.map((c) => c.path).filter((p) => p.amount !== undefined && p.currency === currency).map((p) => p.amount!);
  const cycles = won.map((c) => c.wonAt! - c.entry);
  const winRate = ratio(won.length, won.length + lost.length);
  const averageWonValue = mean(valued(won));
  const averageCycle = mean(cycles);
  const velocity = winRate !== null && averageWonValue !== null && averageCycle ? round((open.length * averageWonValue * winRate) / (averageCycle / DAY_MS), 2) : null;
  const stays = cohort.flatMap((c) => c.stays);
  return {
    leads: cohort.length,
    stages: steps.map((stage, i) => {
      const mine = stays.filter((s) => s.stage === stage);
      const [p50, p90] = survivalQuantiles(mine.map((s) => s.stay), [0.5, 0.9]);
      const count = (o: Outcome) => mine.filter((s) => s.outcome === o).length;
      return {
        stage,
        now: nowCounts.get(stage) ?? 0,
        entered: reached[i]!,
        conversion: i + 1 < steps.length ? ratio(reached[i + 1]!, reached[i]!) : null,
        cumulative: ratio(reached[i]!, reached[0]!),
        ...(stage === 'won' ? {} : { timeInStage: { stays: mine.length, open: count('open'), medianDays: days(p50 ?? null), p90Days: days(p90 ?? null) }, outcomes: { advanced: count('advanced'), movedBack: count('movedBack'), lost: count('lost'), open: count('open') } }),
      };
    }),
    lost: { now: nowCounts.get('lost') ?? 0, entered: cohort.filter((c) => c.everLost).length },
    won: won.length,
    closedLost: lost.length,
    winRate,
    salesCycleDays: days(median(cycles)),
    salesCycleAverageDays: days(averageCycle),
    currency: currency ?? null,
    averageWonValue: averageWonValue === null ? null : round(averageWonValue, 2),
    wonValue: round(valued(won).reduce((a, b) => a + b, 0), 2),
    openDeals: open.length,
    pipelineValue: round(valued(open).reduce((a, b) => a + b, 0), 2),
    velocity,
  };
}

/** The figures of a set of leads, from scratch. */
export const funnelFigures = (paths: LeadPath[], q: FunnelQuery) => figuresOf(cohortOf(paths, q), paths, q);

/** The figures of one set of leads. */
export type FunnelFigures = ReturnType<typeof figuresOf>;
