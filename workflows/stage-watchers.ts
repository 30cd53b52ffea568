import * as wf from '@temporalio/workflow';
import { formatDuration, parseDuration } from '../src/domain/duration.js';
import { effects } from './activities-proxy.js';
import { writeToLinkedCrms } from './crm-sync.js';
import type { JourneyRun } from './journey-run.js';
import { iso, LIMITS, pushBounded } from './state.js';
import { taskAlert } from './team-alerts.js';
import { failureMessage } from './failure-message.js';


/** Identifies one visit of the lead to its current stage; part of the keys of tasks raised in it. */
const visitKey = (run: JourneyRun) => `${run.state.lead.id}/${run.state.stage}@${run.state.stageEnteredAt}`;

async function untilResumed(run: JourneyRun, slot: string): Promise<void> {
  run.setPending(slot, { kind: 'paused', what: 'journey paused' });
  await wf.condition(() => !run.state.paused || run.windDown);
}

/** The stage's follow-up cadence: a task for the owner every N, counted from entering the stage. */
export async function runFollowUps(run: JourneyRun): Promise<void> {
  const plan = run.plan()?.followUp;
  if (!plan) return;
  const every = parseDuration(plan.every);
  const { state } = run;
  try {
    while (!run.windDown) {
      const due = (state.nextFollowUpAt ??= state.stageEnteredAt + every);
      run.setPending('followUp', { kind: 'follow-up', what: 'follow-up task for the owner', at: iso(due) });
      if ((await run.waitUntil(due, () => state.paused)) === 'windDown') return;
      if (state.paused) {
        await untilResumed(run, 'followUp');
        continue;
      }
      const task = await effects.createTask({
        key: `${visitKey(run)}/follow-up/${state.followUps}`,
        lead: state.lead,
        stage: state.stage,
        title: plan.task,
        at: iso(due),
        dueInMs: Math.min(every, 86_400_000),
        origin: 'follow-up',
        alert: taskAlert(run, 'follow-up'),
      });
      pushBounded(state.tasks, task, LIMITS.tasks);
      await writeToLinkedCrms(run, { key: task.key, kind: 'task', title: task.title, dueAt: task.dueAt });
      state.followUps += 1;
      state.nextFollowUpAt = due + every;
    }
  } catch (err) {
    if (wf.isCancellation(err)) throw err;
    run.fail(`follow-up: ${failureMessage(err)}`);
  }
}

/** Raises one "stale" task when nothing has happened for `staleAfter`; new activity re-arms it. */
export async function runStaleWatch(run: JourneyRun): Promise<void> {
  const staleAfter = run.plan()?.staleAfter;
  if (!staleAfter) return;
  const quiet = parseDuration(staleAfter);
  const { state } = run;
  try {
    while (!run.windDown) {
      const since = state.lastActivityAt;
      const changed = () => state.lastActivityAt !== since;
      if (state.staleAlertedAt !== undefined && state.staleAlertedAt >= since) {
        run.setPending('stale', undefined);
        await wf.condition(() => changed() || run.windDown);
        continue;
      }
      const deadline = since + quiet;
      run.setPending('stale', { kind: 'stale-alert', what: `stale alert after ${staleAfter} without activity`, at: iso(deadline) });
      const woke = await run.waitUntil(deadline, () => changed() || state.paused);
      if (woke === 'windDown') return;
      if (woke === 'woken') {
        if (state.paused && !changed()) await untilResumed(run, 'stale');
        continue;
      }
      const task = await effects.createTask({
        key: `${visitKey(run)}/stale/${since}`,
        lead: state.lead,
        stage: state.stage,
        title: `No activity from {{ lead.name | default: lead.email }} for ${formatDuration(quiet)} in stage {{ stage.label }}`,
        at: iso(deadline),
        origin: 'stale',
        alert: taskAlert(run, 'stale'),
      });
      pushBounded(state.tasks, task, LIMITS.tasks);
      await writeToLinkedCrms(run, { key: task.key, kind: 'task', title: task.title, dueAt: task.dueAt });
      state.staleAlertedAt = deadline;
    }
  } catch (err) {
    if (wf.isCancellation(err)) throw err;
    run.fail(`stale watch: ${failureMessage(err)}`);
  }
}
