import type { Db } from './db.js';

/**
 * The schema, as an append-only list: never edit a migration that has shipped, add the next one.
 * Each runs once, in order, inside a transaction, under an advisory lock so that a server and a
 * worker starting together do not race.
 */
const MIGRATIONS: { id: number; name: string; statements: string[] }[] = [
  {
    id: 1,
    name: 'send ledger and suppressions',
    statements: [
      `create table email_sends (
        key          text primary key,
        lead_id      text not null,
        address      text not null,
        message_id   text not null unique,
        category     text not null check (category in ('marketing', 'transactional')),
        template     text not null,
        status       text not null check (status in ('sending', 'sent', 'suppressed', 'rejected')),
        attempts     integer not null default 1,
        scheduled_at timestamptz not null,
        claimed_at   timestamptz not null default now(),
        sent_at      timestamptz,
        last_error   text
      )`,
      `create index email_sends_lead_sent on email_sends (lead_id, scheduled_at) where status = 'sent'`,
      `create table suppressions (
        address    text primary key,
        reason     text not null check (reason in ('unsubscribed', 'bounced', 'complained')),
        source     text not null,
        lead_id    text,
        created_at timestamptz not null default now()
      )`,
    ],
  },
  {
    id: 2,
    name: 'CRM links and CRM write ledger',
    statements: [
      // Which lead a CRM record belongs to: inbound changes find their lead here.
      `create table crm_links (
        connector  text not null,
        record_id  text not null,
        module     text,
        lead_id    text not null,
        created_at timestamptz not null default now(),
        primary key (connector, record_id)
      )`,
      `create index crm_links_lead on crm_links (lead_id)`,
      // Tasks and notes written to CRMs, claimed before the call so a retry does not write twice.
      `create table crm_writes (
        key        text primary key,
        connector  text not null,
        record_id  text not null,
        kind       text not null,
        remote_id  text,
        attempts   integer not null default 1,
        created_at timestamptz not null default now()
      )`,
    ],
  },
  {
    id: 3,
    name: 'CRM write claims expire',
    statements: [`alter table crm_writes add column claimed_at timestamptz not null default now()`],
  },
  {
    id: 4,
    name: 'sequence snapshots by content hash',
    // Templates of a sequence version live here, not in every journey's history.
    statements: [`create table sequence_snapshots (hash text primary key, name text not null, content jsonb not null, created_at timestamptz not null default now())`],
  },
  {
    id: 5,
    name: 'relationship mail, frequency-cap flag, survey sends and answers',
    statements: [
      // Care and survey mail: stopped by an unsubscribe like marketing, but not advertising.
      `alter table email_sends drop constraint email_sends_category_check`,
      `alter table email_sends add constraint email_sends_category_check check (category in ('marketing', 'relationship', 'transactional'))`,
      // Whether a send counts towards the frequency cap, decided when it is claimed.
      `alter table email_sends add column capped boolean not null default false`,
      `update email_sends set capped = true where category = 'marketing'`,
      `create table survey_sends (
        instance   text primary key,
        survey     text not null,
        lead_id    text not null,
        kind       text not null check (kind in ('nps', 'csat')),
        sent_at    timestamptz not null
      )`,
      `create index survey_sends_by_survey on survey_sends (survey, sent_at)`,
      // One row per survey sent: answering again updates it, so an answer never counts twice.
      `create table survey_answers (
        instance          text primary key references survey_sends (instance),
        score             integer not null,
        comment           text,
        answers           integer not null default 1,
        first_answered_at timestamptz not null,
        answered_at       timestamptz not null
      )`,
    ],
  },
  {
    id: 6,
    name: 'event log (lead facts) and the lead summary it keeps',
    statements: [
      // One row per fact; the key makes recording it twice (a retry, a rebuild) a no-op.
      `create table lead_facts (
        key          text primary key,
        lead_id      text not null,
        type         text not null,
        at           timestamptz not null,
        stage        text,
        from_stage   text,
        source       text,
        cause        text,
        send_key     text,
        sequence     text,
        version      text,
        step         text,
        owner        text,
        lead_source  text,
        amount       numeric,
        currency     text,
        reason       text,
        data         jsonb,
        recorded_at  timestamptz not null default now()
      )`,
      `create index lead_facts_lead on lead_facts (lead_id, at)`,
      `create index lead_facts_type on lead_facts (type, at)`,
      `create index lead_facts_send on lead_facts (send_key) where send_key is not null`,
      // Append-only, by the database's own rule: history is never rewritten, only added to.
      `create function lead_facts_append_only() returns trigger language plpgsql as $$
        begin raise exception 'lead_facts is append-only'; end $$`,
      `create trigger lead_facts_append_only before update or delete on lead_facts for each statement execute function lead_facts_append_only()`,
      // The lead as the log last saw it: segments (owner, source), the lead list, the deal.
      `create table insight_leads (
        lead_id          text primary key,
        email            text not null,
        name             text,
        owner            text,
        source           text,
        stage            text not null,
        stage_entered_at timestamptz not null,
        enrolled_at      timestamptz not null,
        amount           numeric,
        currency         text,
        profile          jsonb,
        updated_at       timestamptz not null
      )`,
      `create index insight_leads_enrolled on insight_leads (enrolled_at)`,
      `create index insight_leads_owner on insight_leads (owner, stage)`,
    ],
  },
  {
    id: 7,
    name: 'team moments and team notifications',
    statements: [
      // What happened to each owner's leads (tasks, hot leads, wins): the daily digest reads it.
      `create table team_moments (
        key         text primary key,
        owner       text not null,
        lead_id     text not null,
        workflow_id text,
        kind        text not null,
        stage       text,
        title       text not null,
        at          timestamptz not null,
        due_at      timestamptz,
        data        jsonb not null default '{}',
        created_at  timestamptz not null default now()
      )`,
      `create index team_moments_owner_at on team_moments (owner, at)`,
      `create index team_moments_owner_due on team_moments (owner, due_at) where due_at is not null`,
      // One row per message and destination, claimed before the chat API is called: a retry finds
      // it sent and sends nothing. The message is kept vendor-neutral and rendered at delivery.
      `create table team_notifications (
        key         text primary key,
        moment_key  text not null,
        owner       text,
        destination text not null,
        service     text not null,
        message     jsonb not null,
        deliver_at  timestamptz not null,
        urgent      boolean not null default false,
        status      text not null check (status in ('queued', 'sending', 'sent', 'failed')),
        attempts    integer not null default 0,
        claimed_at  timestamptz,
        sent_at     timestamptz,
        last_error  text,
        created_at  timestamptz not null default now()
      )`,
      `create index team_notifications_moment on team_notifications (moment_key)`,
    ],
  },
  {
    id: 8,
    name: 'sends in flight hold a lease, not a transaction',
    statements: [
      // Set while the SMTP call of a send runs: an unsubscribe waits for these, a second attempt backs off.
      `alter table email_sends add column in_flight_until timestamptz`,
      `create index email_sends_in_flight on email_sends (address) where in_flight_until is not null`,
    ],
  },
];

const LOCK_ID = 7_305_551;

export async function migrate(db: Db): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [LOCK_ID]);
    await tx.query('create table if not exists schema_migrations (id integer primary key, name text not null, applied_at timestamptz not null default now())');
    const done = new Set((await tx.query<{ id: number }>('select id from schema_migrations')).map((r) => r.id));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.id)) continue;
      for (const statement of m.statements) await tx.query(statement);
      await tx.query('insert into schema_migrations (id, name) values ($1, $2)', [m.id, m.name]);
      applied.push(m.id);
    }
    return applied;
  });
}
