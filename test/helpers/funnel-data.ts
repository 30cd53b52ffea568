import { FACT, stageFactKey, type LeadFact, type LeadSummary } from '../../src/domain/facts.js';
import type { Stage } from '../../src/domain/stages.js';

/** What the generator knows of each lead it made: the truth the funnel's figures are checked against. */
export interface TrueLead {
  id: string;
  owner: string;
  source: string;
  enrolledAt: number;
  moves: { stage: Stage; at: number }[];
  /** Each stay in a stage before won/lost: how long, and whether it ended. */
  stays: { stage: Stage; ms: number; ended: boolean }[];
  /** The furthest funnel step reached (0 lead … 5 won); lost is not a step. */
  furthest: number;
  outcome?: 'won' | 'lost';
  wonAt?: number;
  deal?: { amount: number; currency: string };
}

const STEPS: Stage[] = ['lead', 'contacted', 'qualified', 'quoted', 'negotiating', 'won'];
const HOUR = 3_600_000;

/** A small seeded generator (mulberry32): the same data set every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Leads that walk the funnel at random: forward one step or two (a skip), back one, lost, or they
 * stop and stay open. Whole hours only, so durations are exact. The generator keeps the truth.
 */
export function generateLeads(opts: { count: number; seed: number; start: number; spanDays: number; asOf: number; prefix?: string }): TrueLead[] {
  const rnd = random(opts.seed);
  const owners = ['zhang.min', 'bob', 'li.wei'];
  const sources = ['webinar', 'ads', 'referral'];
  const leads: TrueLead[] = [];
  for (let n = 0; n < opts.count; n++) {
    const enrolledAt = opts.start + Math.floor(rnd() * opts.spanDays * 24) * HOUR;
    const lead: TrueLead = { id: `${opts.prefix ?? 'g'}${n}`, owner: owners[n % 3]!, source: sources[Math.floor(rnd() * 3)]!, enrolledAt, moves: [{ stage: 'lead', at: enrolledAt }], stays: [], furthest: 0 };
    if (rnd() < 0.8) lead.deal = { amount: (1 + Math.floor(rnd() * 50)) * 1000, currency: rnd() < 0.9 ? 'CNY' : 'USD' };
    let rank = 0;
    let at = enrolledAt;
    for (;;) {
      const stay = (1 + Math.floor(rnd() * 240)) * HOUR;
      const r = rnd();
      const stage = STEPS[rank]!;
      if (r < 0.2 || at + stay > opts.asOf) {
        lead.stays.push({ stage, ms: opts.asOf - at, ended: false });
        break;
      }
      at += stay;
      lead.stays.push({ stage, ms: stay, ended: true });
      if (r < 0.35) {
        lead.moves.push({ stage: 'lost', at });
        lead.outcome = 'lost';
        break;
      }
      rank = r < 0.45 && rank > 0 ? rank - 1 : r > 0.9 ? Math.min(5, rank + 2) : rank + 1;
      lead.moves.push({ stage: STEPS[rank]!, at });
      lead.furthest = Math.max(lead.furthest, rank);
      if (rank === 5) {
        lead.outcome = 'won';
        lead.wonAt = at;
        break;
      }
    }
    leads.push(lead);
  }
  return leads;
}

/** The facts and summaries the journeys would have recorded for these leads. */
export function factsOf(lead: TrueLead): { facts: LeadFact[]; summary: LeadSummary } {
  const facts: LeadFact[] = lead.moves.map((m, i) => {
    const from = i ? lead.moves[i - 1]!.stage : null;
    const at = new Date(m.at).toISOString();
    return { key: stageFactKey(lead.id, at, from, m.stage), leadId: lead.id, type: FACT.stageChanged, at, stage: m.stage, fromStage: from, source: i ? 'api' : 'enrolment', owner: lead.owner, leadSource: lead.source, deal: lead.deal };
  });
  const last = lead.moves[lead.moves.length - 1]!;
  const summary: LeadSummary = {
    id: lead.id, email: `${lead.id}@example.com`, name: `Lead ${lead.id}`, owner: lead.owner, source: lead.source, stage: last.stage,
    stageEnteredAt: new Date(last.at).toISOString(), enrolledAt: new Date(lead.enrolledAt).toISOString(), deal: lead.deal, updatedAt: new Date(last.at).toISOString(),
  };
  return { facts, summary };
}
