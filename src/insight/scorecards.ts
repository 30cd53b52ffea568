import type { Team } from '../domain/team.js';
import type { Target, Targets } from '../domain/targets.js';
import type { OwnerFigures } from '../store/insight-queries.js';
import { round } from './funnel.js';
import type { PeriodBounds } from './periods.js';

const share = (actual: number, target: number | undefined) => (target ? round(actual / target, 4) : null);

/** The target of an owner for a period: the owner's own entry. */
function targetOf(targets: Targets, owner: string, period: string): Target | undefined {
  return targets.targets.find((t) => t.owner === owner && t.period === period);
}

/**
 * Rep scorecards: each owner's book against their target for the period. Owners come from
 * team.yaml, from targets.yaml and from the leads themselves, so a rep with nothing yet still shows.
 */
export function scorecards(figures: OwnerFigures[], team: Team, targets: Targets, period: PeriodBounds) {
  const names = new Set([...Object.keys(team.owners), ...targets.targets.filter((t) => t.period === period.label).map((t) => t.owner), ...figures.map((f) => f.owner)]);
  return [...names].sort().map((owner) => {
    const f = figures.find((x) => x.owner === owner) ?? { owner, openDeals: 0, pipelineValue: 0, tasksDue: 0, tasksOverdue: 0, staleDeals: 0, wins: 0, wonValue: 0, lost: 0 };
    const conversion = f.wins + f.lost ? round(f.wins / (f.wins + f.lost), 4) : null;
    const target = targetOf(targets, owner, period.label);
    return {
      ...f,
      name: Object.hasOwn(team.owners, owner) ? team.owners[owner]!.name : undefined,
      conversion,
      currency: targets.currency,
      period: { label: period.label, from: period.from.toISOString(), to: period.to.toISOString() },
      target: target ? { amount: target.amount ?? null, customers: target.customers ?? null, conversion: target.conversion ?? null } : null,
      attainment: target ? { amount: share(f.wonValue, target.amount), customers: share(f.wins, target.customers), conversion: conversion === null ? null : share(conversion, target.conversion) } : null,
    };
  });
}

/** One owner's scorecard, as the API answers it. */
export type Scorecard = ReturnType<typeof scorecards>[number];
