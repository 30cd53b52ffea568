import type { LeadFact, LeadSummary } from '../domain/facts.js';
import { FACT } from '../domain/facts.js';
import type { Stage } from '../domain/stages.js';
import type { Db } from './db.js';

/** One lead as the funnel reads it: its segments, its deal and every stage it entered, in order. */
export interface LeadPath {
  leadId: string;
  owner?: string;
  source?: string;
  stage: Stage;
  amount?: number;
  currency?: string;
  moves: { stage: Stage; at: number }[];
}

/** Which leads a question is about. */
export interface LeadFilter {
  owner?: string;
  source?: string;
}

/** A row of the timeline, as stored. */
export interface TimelineFact extends Omit<LeadFact, 'deal'> {
  amount?: number;
  currency?: string;
}

const FACT_COLUMNS = `key text, "leadId" text, type text, at timestamptz, stage text, "fromStage" text, source text, cause text, "sendKey" text,
  sequence text, version text, step text, owner text, "leadSource" text, amount numeric, currency text, reason text, data jsonb`;
const num = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));

/**
 * The event log: facts appended by activities (a key per fact, so a retry or a rebuild adds
 * nothing), and the lead summary the journey keeps up to date. Every number of the funnel, the
 * sequence stats and the scorecards is read from here.
 */
export function insightStore(db: Db) {
  return {
    db,
    /** Appends facts it has not seen; returns how many were new. */
    async record(facts: LeadFact[], lead?: LeadSummary): Promise<number> {
      let added = 0;
      if (facts.length) {
        const rows = facts.map(({ deal, ...f }) => ({ ...f, amount: deal?.amount, currency: deal?.currency }));
        const inserted = await db.query(
          `insert into lead_facts (key, lead_id, type, at, stage, from_stage, source, cause, send_key, sequence, version, step, owner, lead_source, amount, currency, reason, data)
           select * from jsonb_to_recordset($1::jsonb) as x(${FACT_COLUMNS})
           on conflict (key) do nothing returning key`,
          [JSON.stringify(rows)],
        );
        added = inserted.length;
      }
      if (lead) await this.upsertLead(lead);
      return added;
    },

    /** The lead's summary; an older one (a late retry, a rebuild) never replaces a newer one. */
    async upsertLead(l: LeadSummary): Promise<void> {
      await this.upsertLeads([l]);
    },

    /** Many summaries in one statement (a rebuild, a benchmark's data set); same rule as `upsertLead`. */
    async upsertLeads(list: LeadSummary[]): Promise<void> {
      if (!list.length) return;
      const rows = list.map((l) => ({ lead_id: l.id, email: l.email, name: l.name, owner: l.owner, source: l.source, stage: l.stage, stage_entered_at: l.stageEnteredAt, enrolled_at: l.enrolledAt, amount: l.deal?.amount, currency: l.deal?.currency, updated_at: l.updatedAt, profile: l.profile }));
      await db.query(
        `insert into insight_leads (lead_id, email, name, owner, source, stage, stage_entered_at, enrolled_at, amount, currency, updated_at, profile)
         select * from jsonb_to_recordset($1::jsonb) as x(lead_id text, email text, name text, owner text, source text, stage text, stage_entered_at timestamptz, enrolled_at timestamptz, amount numeric, currency text, updated_at timestamptz, profile jsonb)
         on conflict (lead_id) do update set email = excluded.email, name = excluded.name, owner = excluded.owner, source = excluded.source,
           stage = excluded.stage, stage_entered_at = excluded.stage_entered_at, enrolled_at = least(insight_leads.enrolled_at, excluded.enrolled_at),
           amount = excluded.amount, currency = excluded.currency, updated_at = excluded.updated_at, profile = coalesce(excluded.profile, insight_leads.profile)
         where insight_leads.updated_at <= excluded.updated_at`,
        [JSON.stringify(rows)],
      );
    },

    /**
     * Every matching lead with its stage moves, oldest first: what the funnel is computed from.
     * The moves come as one string per lead (`lead@1767225600000,won@…`): at 100,000 leads that is
     * a third of the rows, and of the time, that one row per fact would take.
     */
    async leadPaths(filter: LeadFilter = {}): Promise<LeadPath[]> {
      const rows = await db.query<{ lead_id: string; owner: string | null; source: string | null; stage: Stage; amount: string | null; currency: string | null; path: string }>(
        `select l.lead_id, l.owner, l.source, l.stage, l.amount, l.currency,
                string_agg(f.stage || '@' || (extract(epoch from f.at) * 1000)::bigint, ',' order by f.at, f.key) as path
         from insight_leads l join lead_facts f on f.lead_id = l.lead_id and f.type = $1
         where ($2::text is null or l.owner = $2) and ($3::text is null or l.source = $3)
         group by l.lead_id`,
        [FACT.stageChanged, filter.owner ?? null, filter.source ?? null],
      );
      return rows.map((r) => ({
        leadId: r.lead_id,
        owner: r.owner ?? undefined,
        source: r.source ?? undefined,
        stage: r.stage,
        amount: num(r.amount),
        currency: r.currency ?? undefined,
        moves: r.path.split(',').map((move) => {
          const at = move.lastIndexOf('@');
          return { stage: move.slice(0, at) as Stage, at: Number(move.slice(at + 1)) };
        }),
      }));
    },

    /** How many leads stand in each stage now. */
    async stageCounts(): Promise<{ stage: Stage; leads: number }[]> {
      const rows = await db.query<{ stage: Stage; n: string }>('select stage, count(*) as n from insight_leads group by stage');
      return rows.map((r) => ({ stage: r.stage, leads: Number(r.n) }));
    },

    /** A lead's facts in the order they happened. */
    async timeline(leadId: string): Promise<TimelineFact[]> {
      const rows = await db.query<Record<string, unknown>>(
        `select key, lead_id, type, at, stage, from_stage, source, cause, send_key, sequence, version, step, owner, lead_source, amount, currency, reason, data
         from lead_facts where lead_id = $1 order by at, recorded_at, key`,
        [leadId],
      );
      return rows.map((r) => {
        const fact: Record<string, unknown> = {
          key: r.key, leadId: r.lead_id, type: r.type, at: (r.at as Date).toISOString(), stage: r.stage, fromStage: r.from_stage, source: r.source, cause: r.cause,
          sendKey: r.send_key, sequence: r.sequence, version: r.version, step: r.step, owner: r.owner, leadSource: r.lead_source, amount: num(r.amount), currency: r.currency, reason: r.reason, data: r.data,
        };
        return Object.fromEntries(Object.entries(fact).filter(([, v]) => v !== null && v !== undefined)) as unknown as TimelineFact;
      });
    },

    /** The lead list: newest first, searched in id, name, e-mail, owner and source. */
    async leads(q: { search?: string; stage?: Stage; owner?: string; limit?: number; offset?: number } = {}) {
      const rows = await db.query<Record<string, unknown>>(
        `select lead_id, email, name, owner, source, stage, stage_entered_at, enrolled_at, amount, currency, profile from insight_leads
         where ($1::text is null or lead_id ilike $1 or name ilike $1 or email ilike $1 or owner ilike $1 or source ilike $1)
           and ($2::text is null or stage = $2) and ($3::text is null or owner = $3)
         order by enrolled_at desc, lead_id offset $4 limit $5`,
        [q.search ? `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null, q.stage ?? null, q.owner ?? null, q.offset ?? 0, q.limit ?? 50],
      );
      return rows.map((r) => ({
        id: r.lead_id as string, email: r.email as string, name: (r.name as string | null) ?? undefined, owner: (r.owner as string | null) ?? undefined, source: (r.source as string | null) ?? undefined,
        stage: r.stage as Stage, stageEnteredAt: (r.stage_entered_at as Date).toISOString(), enrolledAt: (r.enrolled_at as Date).toISOString(),
        deal: r.amount === null ? undefined : { amount: Number(r.amount), currency: r.currency as string },
        profile: (r.profile as Record<string, unknown> | null) ?? undefined,
      }));
    },
  };
}

/** The event log's store. */
export type InsightStore = ReturnType<typeof insightStore>;
