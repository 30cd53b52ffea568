import * as wf from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { LeadEvent } from '../src/domain/events.js';
import { isActivity } from '../src/domain/events.js';
import { filterCrmEvent, filterCrmEventV0, isCrmRecordEvent } from './crm-echo.js';
import type { Lead } from '../src/domain/lead.js';
import type { Stage } from '../src/domain/stages.js';
import type { StagePlan } from '../src/domain/journey-schema.js';
import { LeadNextActionAt, LeadOwner, LeadSource, LeadStage } from './search-attributes.js';
import { LIMITS, pushBounded, type JourneyState } from './state.js';
import { BASELINES, CRM_ECHO_PATCH, JOURNEY_BASELINE_PATCH, JOURNEY_BASELINE_V2_PATCH } from './patches.js';
import { SURVEY_ANSWERED } from '../src/domain/survey.js';
import { DEAL_UPDATED } from '../src/domain/facts.js';
import { acceptSurveyAnswer } from './survey-answer.js';
import type { NextAction } from './view.js';
import { JOURNEY_ERROR_KINDS, type JourneyErrorKind } from './error-kinds.js';
import { dealOf, eventFact, logFact, markLeadChanged, stageFact } from './insight-facts.js';

export interface JourneyOptions {
  /** Continue-as-new once history reaches this many events (tests use a tiny one). */
  historyLimit?: number;
  /** Off for servers without leadflow's search attributes registered. */
  searchAttributes?: boolean;
  /** How long a send may go without a heartbeat before another worker retries it (sends as full activities). */
  sendHeartbeatTimeout?: string;
  /**
   * Off on the time-skipping test server (`journeys simulate`, tests): it refuses a CancelTimer for
   * a timer that fired while a long workflow task ran, and then never completes that task
   * (sdk-java#3088); local activities make a task as long as the send in it. The journey then
   * sends and takes its snapshots as full activities, as journeys before LOCAL_SEND_PATCH do.
   */
  localActivities?: boolean;
}

/** Replies and unsubscribes end every sequence, whatever its exitOn says. */
const ALWAYS_EXIT_ON = ['email.replied', 'unsubscribed', 'email.bounced', 'email.complained'];

/**
 * One run of a lead's journey: the state, the signal handlers that change it, and the waiting
 * primitive the stage loops share. Loops return at their next safe point once `windDown` is set.
 */
export class JourneyRun {
  stageDirty = false;
  windDown = false;
  /** The event log is written (journeys recorded before it replay without). */
  insight = false;
  /**
   * `cheaper-steps-v1`: no schedule call for `window: any`, and search attributes written once
   * per workflow task, only when they change.
   */
  cheap = false;
  private queuedAttributes: Map<string, SearchAttributeUpdatePair> | undefined;
  readonly pending: Record<string, NextAction | undefined> = {};
  private lastNextActionAt: string | undefined | null = null;

  constructor(
    readonly state: JourneyState,
    readonly options: JourneyOptions,
  ) {}

  now(): number {
    return Date.now();
  }

  /** Whether this run takes a patch that makes a step a local activity (see JourneyOptions.localActivities). */
  local(patch: string): boolean {
    return this.options.localActivities !== false && this.patched(patch);
  }

  /**
   * Whether this run has a patch: at once for a journey on a baseline that holds it (one marker
   * for all of a baseline's patches, see BASELINES in patches.ts), else by the patch's own
   * marker, as histories recorded before that baseline need.
   */
  patched(name: string): boolean {
    const level = this.state.baseline ?? 0;
    if (BASELINES.some((patches, i) => i < level && patches.includes(name))) return true;
    return wf.patched(name);
  }

  /**
   * Called once, first thing in a run: a run that meets a baseline keeps it for every run after.
   * The newest is asked first; a history recorded with the first baseline's marker has no second
   * one, so its replay finds the first, as it was recorded.
   */
  joinBaseline(): void {
    if ((this.state.baseline ?? 0) < 2 && wf.patched(JOURNEY_BASELINE_V2_PATCH)) this.state.baseline = 2;
    else if (!this.state.baseline && wf.patched(JOURNEY_BASELINE_PATCH)) this.state.baseline = 1;
  }

  plan(): StagePlan | undefined {
    return this.state.funnel?.definition.stages[this.state.stage];
  }

  sequenceRunning(): boolean {
    return this.state.sequence?.status === 'running';
  }

  /** Sleeps until `deadline`, waking early when `wake()` holds or the run winds down. */
  async waitUntil(deadline: number, wake: () => boolean): Promise<'deadline' | 'woken' | 'windDown'> {
    if (wake()) return 'woken';
    if (this.windDown) return 'windDown';
    const remaining = deadline - this.now();
    if (remaining > 0 && (await wf.condition(() => wake() || this.windDown, remaining))) {
      return wake() ? 'woken' : 'windDown';
    }
    return 'deadline';
  }

  setPending(slot: string, action: NextAction | undefined): void {
    this.pending[slot] = action;
    const earliest = Object.values(this.pending)
      .map((a) => a?.at)
      .filter((at): at is string => !!at)
      .sort()[0];
    if (earliest !== this.lastNextActionAt) {
      this.lastNextActionAt = earliest;
      this.upsert([{ key: LeadNextActionAt, value: earliest ? new Date(earliest) : null }]);
    }
  }

  upsert(pairs: SearchAttributeUpdatePair[]): void {
    if (this.options.searchAttributes === false) return;
    if (!this.cheap) return void wf.upsertSearchAttributes(pairs);
    // Values the workflow already holds (from its start, its previous run or an upsert) are skipped;
    // the rest are merged and written once, when this workflow task's code has run.
    const known = wf.workflowInfo().typedSearchAttributes;
    const queue = this.queuedAttributes;
    const changed = pairs.filter((p) => queue?.has(p.key.name) || !sameAttribute(known.get(p.key), p.value));
    if (!changed.length) return;
    if (!queue) {
      this.queuedAttributes = new Map();
      void Promise.resolve().then(() => {
        const all = [...this.queuedAttributes!.values()];
        this.queuedAttributes = undefined;
        wf.upsertSearchAttributes(all);
      });
    }
    for (const p of changed) this.queuedAttributes!.set(p.key.name, p);
  }

  indexLead(): void {
    const { stage, lead } = this.state;
    this.upsert([
      { key: LeadStage, value: stage },
      { key: LeadSource, value: lead.source ?? null },
      { key: LeadOwner, value: lead.owner ?? null },
    ]);
  }

  note(ref: string, reason: string): void {
    pushBounded(this.state.ignored, { ref, reason, at: new Date(this.now()).toISOString() }, LIMITS.errors);
  }

  /** Records an error on the lead; the journey carries on. `kind` tells the doctor what to advise. */
  fail(message: string, kind: JourneyErrorKind = JOURNEY_ERROR_KINDS.other): void {
    wf.log.warn('journey error', { message, kind });
    pushBounded(this.state.errors, { at: new Date(this.now()).toISOString(), message, kind }, LIMITS.errors);
  }

  exitSequence(reason: string): void {
    const cursor = this.state.sequence;
    if (cursor?.status === 'running') {
      cursor.status = 'exited';
      cursor.exitReason = reason;
    }
  }

  onUpsertLead(lead: Lead): void {
    const prev = this.state.lead;
    const { stage: _ignoredAfterEnrolment, ...fields } = lead;
    const links = [...(prev.crm ?? [])];
    for (const r of lead.crm ?? []) if (!links.some((l) => l.connector === r.connector && l.id === r.id)) links.push(r);
    this.state.lead = { ...prev, ...fields, attributes: { ...prev.attributes, ...lead.attributes }, crm: links };
    if (lead.consent?.marketing === false) this.state.suppressed ??= 'unsubscribed';
    markLeadChanged(this.state);
    this.indexLead();
  }

  onEvent(event: LeadEvent): void {
    const { state } = this;
    if (state.seenEventIds.includes(event.id)) return;
    pushBounded(state.seenEventIds, event.id, LIMITS.seenEventIds);
    if (this.isCrmEcho(event)) return;
    const at = this.now();
    pushBounded(state.recentEvents, { type: event.type, at, id: event.id }, LIMITS.recentEvents);
    if (isActivity(event.type)) state.lastActivityAt = at;
    if (event.type !== 'stage.changed') logFact(state, eventFact(state, event, at));
    switch (event.type) {
      case DEAL_UPDATED:
      case 'stage.changed': {
        const deal = dealOf(event, state.lead.deal);
        if (deal) {
          state.lead = { ...state.lead, deal };
          markLeadChanged(state);
        }
        if (event.type === DEAL_UPDATED) break;
        this.changeStage(event.stage!, event.source ?? 'api', event);
        break;
      }
      case 'attributes.updated':
        state.lead = { ...state.lead, attributes: { ...state.lead.attributes, ...event.attributes } };
        break;
      case 'journey.paused':
        state.paused = true;
        break;
      case 'journey.resumed':
        state.paused = false;
        break;
      case 'unsubscribed':
        state.suppressed = 'unsubscribed';
        break;
      case 'email.bounced':
        state.suppressed ??= 'bounced';
        break;
      case 'email.complained':
        state.suppressed = 'complained';
        break;
      case SURVEY_ANSWERED: {
        const refused = acceptSurveyAnswer(state, event, new Date(this.now()).toISOString());
        if (refused) this.note(event.id, refused);
        break;
      }
      case 'crm.unmapped_stage':
        this.fail(`${event.source} stage "${String(event.data?.crmStage)}" of record ${String(event.data?.record)} has no funnel stage: add it to journeys/connectors/${event.source}.yaml`, JOURNEY_ERROR_KINDS.unmappedStage);
        break;
    }
    const exitOn = state.sequence?.snapshot.definition.exitOn ?? [];
    if (ALWAYS_EXIT_ON.includes(event.type) || exitOn.includes(event.type)) this.exitSequence(event.type);
  }

  /** What a CRM says about a linked record that is no stage change: leadflow's own echo, or another field edited (see crm-echo.ts). */
  private isCrmEcho(event: LeadEvent): boolean {
    if (!isCrmRecordEvent(event)) return false;
    return this.patched(CRM_ECHO_PATCH) ? filterCrmEvent(this, event) : filterCrmEventV0(this, event);
  }

  /** Applies a stage change unless it is older than the one already applied; the run then ends. */
  changeStage(to: Stage, source: string, event?: LeadEvent): void {
    const { state } = this;
    const now = this.now();
    const occurredAt = event?.occurredAt ? Date.parse(event.occurredAt) : now;
    if (occurredAt < state.stageOccurredAt) {
      this.note(event?.id ?? 'journey', `stage change to ${to} is older than the stage already applied`);
      return;
    }
    state.stageOccurredAt = occurredAt;
    if (to === state.stage) return;
    const change = { from: state.stage, to, at: new Date(now).toISOString(), source, eventId: event?.id, occurredAt: event?.occurredAt };
    pushBounded(state.history, change, LIMITS.history);
    logFact(state, stageFact(state, change));
    state.stage = to;
    state.stageEnteredAt = now;
    this.stageDirty = true;
    this.exitSequence('stage.changed');
    this.indexLead();
  }

  shouldContinueAsNew(): boolean {
    const info = wf.workflowInfo();
    return info.continueAsNewSuggested || (!!this.options.historyLimit && info.historyLength >= this.options.historyLimit);
  }
}

/** Whether a search attribute already holds a value (`null` and unset are the same; dates by instant). */
function sameAttribute(held: unknown, value: unknown): boolean {
  if (value === null || value === undefined) return held === undefined || held === null;
  if (value instanceof Date) return held instanceof Date && held.getTime() === value.getTime();
  return held === value;
}
