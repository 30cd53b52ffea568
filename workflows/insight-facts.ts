import { z } from 'zod';
import type { LeadEvent } from '../src/domain/events.js';
import { type Deal, ENROLMENT_SOURCE, eventFactKey, FACT, parseSendKey, stageFactKey, type LeadFact, type LeadSummary } from '../src/domain/facts.js';
import { journeyValidators } from '../src/domain/journey-validators.js';
import { iso, type JourneyState, type StageChange } from './state.js';

// What the journey's state says as facts for the event log. Pure: the journey uses it live, and
// `leadflow insight rebuild` uses it on the states it reads from Temporal histories.

const KEPT_DATA = ['url', 'score', 'comment', 'instance'];
/** Facts waiting for the store; more than this (a store away for long) drops the oldest, which `insight rebuild` recovers. */
const PENDING_LIMIT = 500;

/** The fact of one stage move, as the journey made it; the same key whether recorded live or rebuilt. */
export function stageFact(state: JourneyState, change: StageChange): LeadFact {
  const { lead } = state;
  return {
    key: stageFactKey(lead.id, change.at, change.from, change.to),
    leadId: lead.id,
    type: FACT.stageChanged,
    at: change.at,
    stage: change.to,
    fromStage: change.from,
    source: change.source,
    cause: change.eventId,
    owner: lead.owner,
    leadSource: lead.source,
    deal: lead.deal,
    reason: change.source === ENROLMENT_SOURCE ? `enrolled in ${change.to}` : `moved by ${change.source}${change.eventId ? ` (event ${change.eventId})` : ''}`,
  };
}

/** The fact of an inbound event (engagement, survey answer, custom), tied to its send when it names one. */
export function eventFact(state: JourneyState, event: Pick<LeadEvent, 'id' | 'type' | 'source' | 'data'>, atMs: number): LeadFact {
  const send = typeof event.data?.send === 'string' ? event.data.send : undefined;
  const { sequence, version, step } = send ? parseSendKey(send) : {};
  // Only what the timeline shows: the clicked URL and a survey's score and comment.
  const data = event.data && Object.fromEntries(Object.entries(event.data).filter(([k]) => KEPT_DATA.includes(k)));
  return {
    key: eventFactKey(state.lead.id, event.id),
    leadId: state.lead.id,
    type: event.type,
    at: iso(atMs),
    stage: state.stage,
    source: event.source,
    cause: event.id,
    sendKey: send,
    sequence,
    version,
    step,
    owner: state.lead.owner,
    leadSource: state.lead.source,
    reason: `${event.type} from ${event.source ?? 'api'}`,
    data: data && Object.keys(data).length ? data : undefined,
  };
}

/**
 * Everything a journey's compact state already says (stage history, mail sent, tasks): what a
 * journey enrolled before the log existed backfills at its next run, and what `insight rebuild`
 * reads from a history. Keys match the live recorders', so nothing is counted twice.
 */
export function factsFromState(state: JourneyState): LeadFact[] {
  const { lead } = state;
  const base = { leadId: lead.id, owner: lead.owner, leadSource: lead.source };
  const facts = state.history.map((change) => stageFact(state, change));
  for (const mail of state.emails) {
    facts.push({ ...base, ...parseSendKey(mail.key), key: `${mail.key}/sent`, type: FACT.emailSent, at: mail.sentAt, sendKey: mail.key, sequence: mail.sequence, reason: `${mail.template} (${mail.sequence})`, data: { template: mail.template, subject: mail.subject, locale: mail.locale } });
  }
  // The events kept in the state (their type, time and id: the send they belong to is not kept).
  for (const e of state.recentEvents) if (e.type !== FACT.stageChanged) facts.push(eventFact(state, { id: e.id, type: e.type }, e.at));
  for (const task of state.tasks) facts.push({ ...base, key: `${task.key}/task`, type: FACT.taskCreated, at: task.createdAt, reason: task.title, data: { dueAt: task.dueAt, origin: task.origin } });
  return facts;
}

/** The lead as the log's lead list and segments see it. */
export function leadSummary(state: JourneyState, nowMs: number): LeadSummary {
  const { lead } = state;
  return {
    id: lead.id,
    email: lead.email,
    name: lead.name,
    owner: lead.owner,
    source: lead.source,
    stage: state.stage,
    stageEnteredAt: iso(state.stageEnteredAt),
    enrolledAt: state.history[0]?.source === ENROLMENT_SOURCE ? state.history[0].at : iso(state.stageEnteredAt),
    deal: lead.deal,
    profile: lead,
    updatedAt: iso(nowMs),
  };
}

/**
 * The deal's value a CRM sent with an event (a stage change, an amount change); without a
 * currency the lead's own is kept. A malformed value is ignored, not trusted.
 */
export function dealOf(event: LeadEvent, current?: Deal): Deal | undefined {
  const given = event.data?.deal as { currency?: unknown } | undefined;
  const parsed = z.safeParse(journeyValidators().deal, given && typeof given === 'object' ? { currency: current?.currency, ...given } : undefined);
  return parsed.success ? parsed.data : undefined;
}

/** Queues a fact for the store; it survives continue-as-new in the state until written. */
export function logFact(state: JourneyState, fact: LeadFact): void {
  const log = (state.insight ??= { facts: [] });
  log.facts.push(fact);
  if (log.facts.length > PENDING_LIMIT) log.facts.splice(0, log.facts.length - PENDING_LIMIT);
}

/** Asks for the lead's summary to be written with the next batch (owner, source or deal changed). */
export function markLeadChanged(state: JourneyState): void {
  (state.insight ??= { facts: [] }).leadChanged = true;
}
