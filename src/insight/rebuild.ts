import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils.js';
import type { LeadEvent } from '../domain/events.js';
import { FACT, parseSendKey, type LeadFact, type LeadSummary } from '../domain/facts.js';
import type { InsightStore } from '../store/insight-store.js';
import type { SendEmailInput, SendEmailResult, SendReceipt, CreateTaskInput, TaskRecord } from '../../activities/types.js';
import { eventFact, factsFromState, leadSummary } from '../../workflows/insight-facts.js';
import type { LeadJourneyInput } from '../../workflows/journey-input.js';
import { initialState } from '../../workflows/state.js';

type Event = NonNullable<History['events']>[number];

const decode = <T>(payloads: { payloads?: unknown[] | null } | null | undefined): T | undefined => {
  const first = payloads?.payloads?.[0];
  return first ? defaultPayloadConverter.fromPayload<T>(first as never) : undefined;
};
/** The SDK's marker of a local activity: `data` names the activity, `result` is its result (the input is not kept). */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/**
 * The result of a sendEmail run as a local activity, or undefined for any other event: how a
 * history says a mail went out since sends became local (LOCAL_SEND_PATCH).
 */
export function localSendResult(e: Event): SendEmailResult | undefined {
  const marker = e.markerRecordedEventAttributes;
  if (marker?.markerName !== LOCAL_ACTIVITY_MARKER) return undefined;
  const data = decode<{ activity_type?: string }>(marker.details?.data);
  return data?.activity_type === 'sendEmail' ? decode<SendEmailResult>(marker.details?.result) : undefined;
}

const timeOf = (e: Event) => Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);

/**
 * The facts a journey's history holds: what the state it started its latest run with says
 * (stage moves, mail, tasks: the whole story, carried through continue-as-new), and what this
 * run did since (events signalled, mail sent, tasks created). Same keys as the live log.
 */
export function factsFromHistory(history: History): { facts: LeadFact[]; lead?: LeadSummary } {
  const events = history.events ?? [];
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  const input = decode<LeadJourneyInput>(started?.input);
  if (!input) return { facts: [] };
  const state = input.state ?? initialState(input.lead, timeOf(events[0]!));
  const facts = factsFromState(state);
  const scheduled = new Map<string, { type: string; input: unknown }>();
  // Who the mail was for comes from the send itself (its input, or a local send's receipt), never
  // from this replay's own copy of the lead, which takes every upsert the journey was signalled.
  const sentFact = (send: SendReceipt, result: SendEmailResult | undefined) => {
    if (!result || result.outcome === 'suppressed') return;
    facts.push({ ...parseSendKey(send.key), key: `${send.key}/sent`, type: FACT.emailSent, at: send.at, stage: send.stage, source: 'journey', sendKey: send.key, sequence: send.sequence, owner: send.owner, leadSource: send.source, reason: `${send.template} (${send.sequence})`, data: { template: send.template, subject: result.subject, locale: result.locale } });
  };
  let last = timeOf(events[0]!);
  for (const e of events) {
    last = timeOf(e);
    const signal = e.workflowExecutionSignaledEventAttributes;
    if (signal?.signalName === 'leadEvent') {
      const event = decode<LeadEvent>(signal.input);
      if (event && event.type !== FACT.stageChanged) facts.push(eventFact(state, event, last));
    }
    if (signal?.signalName === 'upsertLead') {
      const lead = decode<LeadJourneyInput['lead']>(signal.input);
      if (lead) state.lead = { ...state.lead, ...lead, attributes: { ...state.lead.attributes, ...lead.attributes } };
    }
    const sched = e.activityTaskScheduledEventAttributes;
    if (sched?.activityType?.name) scheduled.set(String(e.eventId), { type: sched.activityType.name, input: decode(sched.input) });
    const done = e.activityTaskCompletedEventAttributes;
    const call = done && scheduled.get(String(done.scheduledEventId));
    if (call?.type === 'sendEmail') {
      const send = call.input as SendEmailInput;
      sentFact({ ...send, owner: send.lead.owner, source: send.lead.source }, decode<SendEmailResult>(done!.result));
    }
    const local = localSendResult(e);
    if (local?.receipt) sentFact(local.receipt, local);
    if (call?.type === 'createTask') {
      const task = decode<TaskRecord>(done!.result);
      const asked = call.input as CreateTaskInput;
      if (task) facts.push({ key: `${task.key}/task`, leadId: asked.lead.id, type: FACT.taskCreated, at: task.createdAt, stage: asked.stage, source: task.origin, owner: task.owner, reason: task.title, data: { dueAt: task.dueAt, origin: task.origin } });
    }
  }
  return { facts, lead: leadSummary(state, last) };
}

/** What a rebuild read and added. */
export interface RebuildReport {
  journeys: number;
  facts: number;
  added: number;
}

/**
 * `leadflow insight rebuild`: every lead journey's latest run, read from Temporal, its facts
 * appended to the log. Facts already there (recorded live, or by an earlier rebuild) are kept
 * as they are: the log is append-only and keyed, so a rebuild only fills gaps.
 */
export async function rebuildInsight(opts: { client: Client; store: InsightStore; query?: string; dryRun?: boolean; onProgress?: (done: number) => void }): Promise<RebuildReport> {
  const report: RebuildReport = { journeys: 0, facts: 0, added: 0 };
  const seen = new Set<string>();
  for await (const wf of opts.client.workflow.list({ query: opts.query ?? "WorkflowType = 'leadJourney'" })) {
    if (seen.has(wf.workflowId)) continue;
    seen.add(wf.workflowId);
    const history = await opts.client.workflow.getHandle(wf.workflowId).fetchHistory();
    const { facts, lead } = factsFromHistory(history);
    report.journeys += 1;
    report.facts += facts.length;
    if (!opts.dryRun && facts.length) report.added += await opts.store.record(facts, lead);
    opts.onProgress?.(report.journeys);
  }
  return report;
}
