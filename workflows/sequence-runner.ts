import * as wf from '@temporalio/workflow';
import { ownValue } from '../src/domain/own-key.js';
import { evaluateCondition, leadLookup } from '../src/domain/conditions.js';
import { parseDuration } from '../src/domain/duration.js';
import type { Step } from '../src/domain/journey-schema.js';
import { DEFAULT_SEND_WINDOW } from '../src/domain/send-window.js';
import { DEFAULT_TIMEZONE } from '../src/domain/lead.js';
import { effects, lookups } from './activities-proxy.js';
import { sendTimeOf } from './send-time.js';
import { mailBlocked, sendJourneyMail } from './send-mail.js';
import { writeToLinkedCrms } from './crm-sync.js';
import type { JourneyRun } from './journey-run.js';
import { iso, LIMITS, pushBounded, type SequenceCursor } from './state.js';
import { taskAlert } from './team-alerts.js';
import { failureMessage } from './failure-message.js';

type Outcome = 'advance' | 'again' | { goto: string };


/** The idempotency key of one execution of one step: lead, enrolment, sequence version, step, visit. */
export function stepKey(run: JourneyRun, cursor: SequenceCursor, step: Step): string {
  const { name, hash } = cursor.snapshot;
  return `${run.state.lead.id}/${cursor.enrolment}/${name}@${hash.slice(0, 12)}/${step.id ?? `s${cursor.pc}`}/${cursor.visits[cursor.pc] ?? 0}`;
}

function advance(cursor: SequenceCursor, outcome: Exclude<Outcome, 'again'>): void {
  cursor.visits[cursor.pc] = (cursor.visits[cursor.pc] ?? 0) + 1;
  cursor.deadline = undefined;
  cursor.waitSince = undefined;
  cursor.dueSince = undefined;
  cursor.pc = outcome === 'advance' ? cursor.pc + 1 : cursor.snapshot.definition.steps.findIndex((s) => s.id === outcome.goto);
}

/** Holds sends and tasks while the journey is paused; a resumed send looks for a fresh window. */
async function unpaused(run: JourneyRun, cursor: SequenceCursor): Promise<boolean> {
  if (!run.state.paused) return true;
  run.setPending('sequence', { kind: 'paused', what: 'journey paused' });
  await wf.condition(() => !run.state.paused || cursor.status !== 'running' || run.windDown);
  cursor.deadline = undefined;
  return false;
}

/** `wait 7d, then send nurture-pricing`: what a person reading the journey wants to know. */
function thenWhat(cursor: SequenceCursor): string {
  const next = cursor.snapshot.definition.steps[cursor.pc + 1];
  if (!next) return ', then the sequence ends';
  if ('send' in next) return `, then send ${next.send}`;
  if ('task' in next) return ', then a task for the owner';
  return '';
}

async function waitStep(run: JourneyRun, cursor: SequenceCursor, what: string, deadline: number): Promise<Outcome> {
  cursor.deadline = deadline;
  run.setPending('sequence', { kind: 'wait', what: `${what}${thenWhat(cursor)}`, at: iso(deadline) });
  return (await run.waitUntil(deadline, () => cursor.status !== 'running')) === 'deadline' ? 'advance' : 'again';
}

async function runStep(run: JourneyRun, cursor: SequenceCursor, step: Step): Promise<Outcome> {
  const { state } = run;
  const zone = state.lead.timezone ?? DEFAULT_TIMEZONE;
  const def = cursor.snapshot.definition;
  if ('send' in step) {
    // An unsubscribe stops marketing; a bounce or complaint stops all mail.
    const blocked = () => mailBlocked(run, def.category);
    if (blocked()) {
      run.note(stepKey(run, cursor, step), `not sent: ${state.suppressed}`);
      return 'advance';
    }
    if (!(await unpaused(run, cursor))) return 'again';
    const funnel = state.funnel?.definition;
    const window = step.window ?? def.window ?? run.plan()?.sendWindow ?? funnel?.sendWindow ?? DEFAULT_SEND_WINDOW;
    const cap = def.category === 'marketing' && funnel?.frequencyCap ? { max: funnel.frequencyCap.max, perMs: parseDuration(funnel.frequencyCap.per) } : undefined;
    const dueSince = (cursor.dueSince ??= run.now());
    cursor.deadline ??= await sendTimeOf(run, { notBefore: iso(run.now()), timezone: zone, country: state.lead.country, region: state.lead.region, window, leadId: state.lead.id, cap });
    run.setPending('sequence', { kind: 'email', what: `send ${step.send}`, at: iso(cursor.deadline) });
    const woke = await run.waitUntil(cursor.deadline, () => cursor.status !== 'running' || state.paused || blocked());
    if (woke !== 'deadline') return 'again';
    await sendJourneyMail(run, {
      key: stepKey(run, cursor, step),
      sequence: cursor.snapshot.name,
      template: step.send,
      // Template names are plain text: `constructor` must find the template, not Object's.
      locales: ownValue(cursor.snapshot.templates, step.send) ?? {},
      shared: cursor.snapshot.shared,
      snapshotHash: cursor.snapshot.hash,
      subjectPrefix: def.subjectPrefix,
      category: def.category,
      schedule: { dueAt: iso(dueSince), timezone: zone, window, country: state.lead.country, region: state.lead.region, cap },
    });
    return 'advance';
  }
  if ('wait' in step) return waitStep(run, cursor, `wait ${step.wait}`, cursor.deadline ?? run.now() + parseDuration(step.wait));
  if ('waitUntil' in step) {
    const deadline = cursor.deadline ?? Date.parse(await lookups.resolveWaitUntil({ after: iso(run.now()), timezone: zone, ...step.waitUntil }));
    return waitStep(run, cursor, 'wait until', deadline);
  }
  if ('waitFor' in step) {
    const types = ([] as string[]).concat(step.waitFor.event);
    const since = (cursor.waitSince ??= run.now());
    cursor.deadline ??= since + parseDuration(step.waitFor.timeout);
    const seen = () => state.recentEvents.some((e) => e.at >= since && types.includes(e.type));
    run.setPending('sequence', { kind: 'wait', what: `wait for ${types.join(' or ')}`, at: iso(cursor.deadline) });
    const woke = await run.waitUntil(cursor.deadline, () => seen() || cursor.status !== 'running');
    if (woke === 'windDown' || cursor.status !== 'running') return 'again';
    const target = seen() ? step.waitFor.onEvent : step.waitFor.onTimeout;
    return target ? { goto: target } : 'advance';
  }
  if ('branch' in step) {
    const ctx = { now: run.now(), since: cursor.startedAt, events: state.recentEvents, lookup: leadLookup(state.lead) };
    const target = evaluateCondition(step.branch.if, ctx) ? step.branch.then : step.branch.else;
    return target ? { goto: target } : 'advance';
  }
  if ('task' in step) {
    if (!(await unpaused(run, cursor))) return 'again';
    const task = await effects.createTask({
      key: stepKey(run, cursor, step),
      lead: state.lead,
      stage: state.stage,
      title: step.task.title,
      notes: step.task.notes,
      at: iso(run.now()),
      dueInMs: step.task.due ? parseDuration(step.task.due) : undefined,
      origin: 'sequence',
      alert: taskAlert(run, 'sequence'),
    });
    pushBounded(state.tasks, task, LIMITS.tasks);
    await writeToLinkedCrms(run, { key: task.key, kind: 'task', title: task.title, content: task.notes, dueAt: task.dueAt });
    return 'advance';
  }
  if ('setStage' in step) {
    advance(cursor, 'advance');
    run.changeStage(step.setStage, 'journey');
    return 'again';
  }
  if ('goto' in step) return { goto: step.goto };
  cursor.status = 'exited';
  cursor.exitReason = step.exit === true ? 'exit step' : step.exit;
  return 'again';
}

/** Interprets the lead's sequence snapshot step by step until it ends, exits or the run winds down. */
export async function runSequence(run: JourneyRun): Promise<void> {
  const cursor = run.state.sequence;
  try {
    while (cursor?.status === 'running' && !run.windDown) {
      const step = cursor.snapshot.definition.steps[cursor.pc];
      if (!step) {
        cursor.status = 'done';
        break;
      }
      const outcome = await runStep(run, cursor, step);
      if (outcome !== 'again') advance(cursor, outcome);
    }
  } catch (err) {
    if (wf.isCancellation(err)) throw err;
    if (cursor) cursor.status = 'failed';
    run.fail(`sequence ${cursor?.snapshot.name} step ${cursor?.pc}: ${failureMessage(err)}`);
  } finally {
    if (!run.windDown) run.setPending('sequence', undefined);
  }
}
