import { FACT } from '../domain/facts.js';
import { STAGES } from '../domain/stages.js';
import type { Db } from './db.js';

/** Per sequence version and step: what its sends led to. */
export interface StepStats {
  version: string;
  step: string;
  template?: string;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  replied: number;
  unsubscribed: number;
  bounced: number;
  /** Leads that moved to a later funnel stage (or won) within `withinMs` of the send. */
  movedOn: number;
}

/** A period, `to` excluded; either end open. */
export interface Period {
  from?: Date;
  to?: Date;
}

/** One owner's figures: the open book now, and what closed in the period. */
export interface OwnerFigures {
  owner: string;
  openDeals: number;
  pipelineValue: number;
  tasksDue: number;
  tasksOverdue: number;
  staleDeals: number;
  wins: number;
  wonValue: number;
  lost: number;
}

const FUNNEL = STAGES.filter((s) => s !== 'lost');

/**
 * The questions the sequence stats and the rep scorecards ask of the event log, each one query,
 * so they stay quick at 100,000 leads.
 */
export function insightQueries(db: Db) {
  return {
    /** A send counts once per outcome, however many times it was opened or clicked. */
    async sequenceStats(sequence: string, period: Period, withinMs: number): Promise<StepStats[]> {
      const rows = await db.query<Record<string, string>>(
        `with sends as (
           select key, send_key, lead_id, version, step, at, data->>'template' as template from lead_facts
           where type = $1 and sequence = $2 and ($3::timestamptz is null or at >= $3) and ($4::timestamptz is null or at < $4)
         ), outcomes as (
           select f.send_key, f.type from lead_facts f where f.send_key in (select send_key from sends) group by f.send_key, f.type
         )
         select s.version, s.step, min(s.template) as template, min(s.at) as first, count(*) as sent,
           count(*) filter (where exists (select 1 from outcomes o where o.send_key = s.send_key and o.type = $5)) as delivered,
           count(*) filter (where exists (select 1 from outcomes o where o.send_key = s.send_key and o.type = $6)) as opened,
           count(*) filter (where exists (select 1 from outcomes o where o.send_key = s.send_key and o.type = $7)) as clicked,
           count(*) filter (where exists (select 1 from outcomes o where o.send_key = s.send_key and o.type = $8)) as replied,
           count(*) filter (where exists (select 1 from outcomes o where o.send_key = s.send_key and o.type = $9)) as unsubscribed,
           count(*) filter (where exists (select 1 from outcomes o where o.send_key = s.send_key and o.type = $10)) as bounced,
           count(distinct s.lead_id) filter (where exists (
             select 1 from lead_facts m where m.lead_id = s.lead_id and m.type = $11 and m.at > s.at and m.at <= s.at + $12 * interval '1 millisecond'
               and array_position($13::text[], m.stage) > coalesce(array_position($13::text[], m.from_stage), 0))) as moved_on
         from sends s group by s.version, s.step order by s.version, first`,
        [FACT.emailSent, sequence, period.from ?? null, period.to ?? null, FACT.emailDelivered, FACT.emailOpened, FACT.emailClicked, FACT.emailReplied, FACT.unsubscribed, FACT.emailBounced, FACT.stageChanged, withinMs, FUNNEL],
      );
      return rows.map((r) => ({
        version: r.version ?? 'unknown',
        step: r.step ?? 'unknown',
        template: r.template ?? undefined,
        sent: Number(r.sent), delivered: Number(r.delivered), opened: Number(r.opened), clicked: Number(r.clicked), replied: Number(r.replied),
        unsubscribed: Number(r.unsubscribed), bounced: Number(r.bounced), movedOn: Number(r.moved_on),
      }));
    },

    /**
     * Every owner's book: open deals and their value now; tasks of the current stage visit of open
     * deals (earlier visits' tasks are moot), due or overdue at `now`; deals with a stale alert in
     * this visit and nothing from the lead since; wins, won value (in `currency`) and losses in the period.
     */
    async ownerFigures(period: Period, now: Date, currency: string | undefined): Promise<OwnerFigures[]> {
      const rows = await db.query<Record<string, string>>(
        `with open_leads as (
           select * from insight_leads where stage not in ('won', 'lost') and owner is not null
         ), tasks as (
           select l.owner, l.lead_id, f.at, (f.data->>'dueAt')::timestamptz as due, f.data->>'origin' as origin from open_leads l
           join lead_facts f on f.lead_id = l.lead_id and f.type = $1 and f.at >= l.stage_entered_at
         ), closed as (
           select f.owner, f.stage, f.amount, f.currency from lead_facts f
           where f.type = $2 and f.stage in ('won', 'lost') and f.owner is not null and ($3::timestamptz is null or f.at >= $3) and ($4::timestamptz is null or f.at < $4)
         ), owners as (select owner from open_leads union select owner from closed)
         select o.owner,
           (select count(*) from open_leads l where l.owner = o.owner) as open_deals,
           (select coalesce(sum(amount), 0) from open_leads l where l.owner = o.owner and l.currency = $6) as pipeline_value,
           (select count(*) from tasks t where t.owner = o.owner and t.due >= $5) as tasks_due,
           (select count(*) from tasks t where t.owner = o.owner and t.due < $5) as tasks_overdue,
           (select count(distinct t.lead_id) from tasks t where t.owner = o.owner and t.origin = 'stale' and not exists (
              select 1 from lead_facts e where e.lead_id = t.lead_id and e.key like e.lead_id || '/event/%' and e.at > t.at)) as stale_deals,
           (select count(*) from closed c where c.owner = o.owner and c.stage = 'won') as wins,
           (select coalesce(sum(amount), 0) from closed c where c.owner = o.owner and c.stage = 'won' and c.currency = $6) as won_value,
           (select count(*) from closed c where c.owner = o.owner and c.stage = 'lost') as lost
         from owners o order by o.owner`,
        [FACT.taskCreated, FACT.stageChanged, period.from ?? null, period.to ?? null, now, currency ?? null],
      );
      return rows.map((r) => ({
        owner: r.owner!, openDeals: Number(r.open_deals), pipelineValue: Number(r.pipeline_value), tasksDue: Number(r.tasks_due), tasksOverdue: Number(r.tasks_overdue),
        staleDeals: Number(r.stale_deals), wins: Number(r.wins), wonValue: Number(r.won_value), lost: Number(r.lost),
      }));
    },
  };
}

/** The sequence stats and scorecard queries. */
export type InsightQueries = ReturnType<typeof insightQueries>;
