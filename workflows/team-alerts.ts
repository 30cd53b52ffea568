import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { RaiseMomentInput } from '../activities/notify.js';
import type { CreateTaskInput } from '../activities/types.js';
import { alertRule, engagementWeight, MOMENTS, TASK_MOMENTS, type AlertRule } from '../src/domain/alert-rules.js';
import { parseDuration } from '../src/domain/duration.js';
import { JOURNEY_ERROR_KINDS } from './error-kinds.js';
import type { JourneyRun } from './journey-run.js';
import { iso } from './state.js';
import type { TeamAlertState } from './team-alert-state.js';

import { TEAM_ALERTS_PATCH } from './patches.js';
import { failureMessage } from './failure-message.js';

const SCORE = 'score';
const SLACK_MS = 60_000;

const team = wf.proxyActivities<Pick<Activities, 'raiseTeamMoment'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '15 minutes' },
});

/** The funnel's alert rule for a task the journey is about to create, for createTask to hand on. */
export function taskAlert(run: JourneyRun, origin: CreateTaskInput['origin'], survey?: { name: string; score: number; max: number }): CreateTaskInput['alert'] {
  const rule = alertRule(run.state.funnel?.definition, run.state.stage, TASK_MOMENTS[origin]);
  const plan = run.plan();
  const every = origin === 'follow-up' ? plan?.followUp?.every : origin === 'stale' ? plan?.staleAfter : undefined;
  return rule ? { urgent: rule.urgent, ...(every ? { every } : {}), ...(survey ? { survey } : {}) } : false;
}

interface Pending {
  input: RaiseMomentInput;
  commit: () => void;
}

function hotMoments(run: JourneyRun, t: TeamAlertState, rule: AlertRule | undefined, out: Pending[]): void {
  const { state } = run;
  const fresh = state.recentEvents.filter((e) => e.at >= t.since && (e.at > t.eventsUpTo || (e.at === t.eventsUpTo && !t.eventIdsAtCursor.includes(e.id))));
  if (!fresh.length) return;
  const last = fresh[fresh.length - 1]!;
  const moveCursor = () => {
    t.eventIdsAtCursor = last.at === t.eventsUpTo ? [...t.eventIdsAtCursor, ...fresh.filter((e) => e.at === last.at).map((e) => e.id)] : fresh.filter((e) => e.at === last.at).map((e) => e.id);
    t.eventsUpTo = last.at;
  };
  if (!rule) {
    out.push({ input: undefined as never, commit: moveCursor });
    return;
  }
  const within = parseDuration(rule.within);
  const cooldown = parseDuration(rule.cooldown);
  const alerted = { ...t.hotAlerted };
  for (const e of fresh) {
    const scoreAt = (at: number, inclusive: boolean) => state.recentEvents.filter((x) => x.at > at - within && (inclusive ? x.at <= at : x.at < at) && x !== e).reduce((n, x) => n + engagementWeight(x.type), 0) + (inclusive ? engagementWeight(e.type) : 0);
    const byType = rule.events.includes(e.type) && e.at - (alerted[e.type] ?? -Infinity) >= cooldown;
    const score = scoreAt(e.at, true);
    // The score says something new only when no hot alert of any kind went out lately.
    const lastHot = Math.max(-Infinity, ...Object.values(alerted));
    const crossesLine = rule.score !== undefined && score >= rule.score && scoreAt(e.at, false) < rule.score && e.at - (alerted[SCORE] ?? -Infinity) >= within;
    const crossed = crossesLine && !byType && e.at - lastHot >= cooldown;
    if (!byType && !crossed) continue;
    if (byType) alerted[e.type] = e.at;
    if (crossesLine) alerted[SCORE] = e.at;
    const types = crossed ? [...new Set(state.recentEvents.filter((x) => x.at > e.at - within && x.at <= e.at && engagementWeight(x.type) > 0).map((x) => x.type))] : [e.type];
    const snapshot = { ...alerted };
    out.push({
      input: { key: `${state.lead.id}/hot/${e.id}`, kind: MOMENTS.hot, lead: state.lead, stage: state.stage, at: iso(e.at), urgent: rule.urgent, hot: { events: byType ? [e.type] : types, score: rule.score !== undefined ? score : undefined } },
      commit: () => (t.hotAlerted = snapshot),
    });
  }
  out.push({ input: undefined as never, commit: moveCursor });
}

function stageMoment(run: JourneyRun, t: TeamAlertState, out: Pending[]): void {
  const { state } = run;
  const last = state.history[state.history.length - 1];
  const kind = state.stage === 'won' ? MOMENTS.won : state.stage === 'lost' ? MOMENTS.lost : undefined;
  if (!kind || !last || last.to !== state.stage || last.source === 'enrolment' || t.stageAlertedFor === state.stageEnteredAt || Date.parse(last.at) < t.since) return;
  const rule = alertRule(state.funnel?.definition, state.stage, kind);
  const commit = () => (t.stageAlertedFor = state.stageEnteredAt);
  if (!rule) return void out.push({ input: undefined as never, commit });
  out.push({
    input: { key: `${state.lead.id}/${state.stage}@${state.stageEnteredAt}`, kind, lead: state.lead, stage: state.stage, at: last.at, urgent: rule.urgent, stageChange: { from: last.from ?? undefined, source: last.source } },
    commit,
  });
}

function crmErrorMoments(run: JourneyRun, t: TeamAlertState, out: Pending[]): void {
  const { state } = run;
  const rule = alertRule(state.funnel?.definition, state.stage, MOMENTS.crmWriteFailed);
  let handledAtCursor = 0;
  let sameInstant = { at: NaN, n: 0 };
  for (const e of state.errors) {
    const at = Date.parse(e.at);
    if (e.kind !== JOURNEY_ERROR_KINDS.crmWrite || at < t.since || at < t.errorsUpTo) continue;
    if (at === t.errorsUpTo && handledAtCursor < t.errorsAtCursor) {
      handledAtCursor += 1;
      continue;
    }
    sameInstant = sameInstant.at === at ? { at, n: sameInstant.n + 1 } : { at, n: at === t.errorsUpTo ? t.errorsAtCursor : 0 };
    const n = sameInstant.n;
    const commit = () => {
      if (at === t.errorsUpTo) t.errorsAtCursor += 1;
      else [t.errorsUpTo, t.errorsAtCursor] = [at, 1];
    };
    const input: RaiseMomentInput = { key: `${state.lead.id}/crm-error/${at}/${n}`, kind: MOMENTS.crmWriteFailed, lead: state.lead, stage: state.stage, at: e.at, urgent: rule?.urgent ?? false, error: e.message };
    out.push({ input: rule ? input : (undefined as never), commit });
  }
}

/** Everything new since the cursors, in order; entries without input only move a cursor. */
function collect(run: JourneyRun, t: TeamAlertState): Pending[] {
  const out: Pending[] = [];
  stageMoment(run, t, out);
  hotMoments(run, t, alertRule(run.state.funnel?.definition, run.state.stage, MOMENTS.hot), out);
  crmErrorMoments(run, t, out);
  return out;
}

/**
 * Tells the lead's owner what the journey sees as it happens: a hot lead (a reply, a click, a
 * booked demo, an engagement score over the line), a stage won or lost, a CRM write that failed.
 * Tasks are handed on by createTask itself. Each moment is one activity with a key of its own, so a
 * retry or a continue-as-new never sends it twice; a paused journey holds its alerts.
 */
export async function runTeamAlerts(run: JourneyRun): Promise<void> {
  if (!run.patched(TEAM_ALERTS_PATCH)) return;
  const { state } = run;
  const since = state.runs === 1 ? 0 : run.now() - SLACK_MS;
  const t = (state.teamAlerts ??= { since, eventsUpTo: since, eventIdsAtCursor: [], errorsUpTo: since, errorsAtCursor: 0, hotAlerted: {} });
  try {
    while (!run.windDown) {
      await wf.condition(() => run.windDown || collect(run, t).length > 0);
      if (run.windDown) return;
      if (state.paused) {
        await wf.condition(() => !state.paused || run.windDown);
        continue;
      }
      for (const pending of collect(run, t)) {
        if (pending.input) await team.raiseTeamMoment(pending.input);
        pending.commit();
      }
    }
  } catch (err) {
    if (wf.isCancellation(err)) throw err;
    run.fail(`team alert: ${failureMessage(err)}`);
  }
}
