import type { LeadPath } from '../store/insight-store.js';
import { cohortOf, figuresOf, round, type CohortLead, type FunnelQuery } from './funnel.js';

const WEEK_MS = 7 * 86_400_000;
/** 1970-01-05 was a Monday: weeks start on Monday, 00:00 UTC. */
const MONDAY = Date.UTC(1970, 0, 5);

/** The Monday (UTC) of the week an instant falls in, as YYYY-MM-DD. */
export function weekOf(ms: number): string {
  return new Date(MONDAY + Math.floor((ms - MONDAY) / WEEK_MS) * WEEK_MS).toISOString().slice(0, 10);
}

function groupBy<T>(items: T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const p of items) {
    const k = key(p) ?? '';
    const group = groups.get(k);
    if (group) group.push(p);
    else groups.set(k, [p]);
  }
  return groups;
}

/** One segment's figures, without its own stage-by-stage time in stage (the main table has that). */
function segment(name: string, cohort: CohortLead[], paths: LeadPath[], q: FunnelQuery) {
  const f = figuresOf(cohort, paths, q);
  return { key: name, leads: f.leads, won: f.won, lost: f.closedLost, openDeals: f.openDeals, winRate: f.winRate, salesCycleDays: f.salesCycleDays, wonValue: f.wonValue, pipelineValue: f.pipelineValue, velocity: f.velocity, currency: f.currency, stages: f.stages.map((s) => ({ stage: s.stage, entered: s.entered, conversion: s.conversion, cumulative: s.cumulative })) };
}

/**
 * `GET /api/funnel`: the figures of the cohort, its weeks, and the same figures by source and by
 * owner (one currency across all segments, so their values compare).
 */
export function funnelReport(paths: LeadPath[], q: FunnelQuery) {
  const cohort = cohortOf(paths, q);
  const main = figuresOf(cohort, paths, q);
  const shared = { ...q, currency: main.currency ?? undefined };
  const weeks = new Map<string, { week: string; entered: number; won: number; lost: number }>();
  for (const c of cohort) {
    const week = weekOf(c.entry);
    const row = weeks.get(week) ?? { week, entered: 0, won: 0, lost: 0 };
    row.entered += 1;
    if (c.current === 'won') row.won += 1;
    if (c.current === 'lost') row.lost += 1;
    weeks.set(week, row);
  }
  const segments = (key: (p: LeadPath) => string | undefined) => {
    const all = groupBy(paths, key);
    return [...groupBy(cohort, (c) => key(c.path))].map(([name, group]) => segment(name, group, all.get(name) ?? [], shared)).sort((a, b) => b.leads - a.leads || a.key.localeCompare(b.key));
  };
  return {
    from: q.from === undefined ? null : new Date(q.from).toISOString(),
    to: q.to === undefined ? null : new Date(q.to).toISOString(),
    asOf: new Date(q.asOf).toISOString(),
    startStage: q.startStage ?? 'lead',
    ...main,
    weeks: [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week)).map((w) => ({ ...w, winRate: w.won + w.lost ? round(w.won / (w.won + w.lost), 4) : null })),
    bySource: segments((p) => p.source),
    byOwner: segments((p) => p.owner),
  };
}

/** The body of `GET /api/funnel`. */
export type FunnelReport = ReturnType<typeof funnelReport>;
