import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { linkTokens } from '../src/links/tokens.js';
import { captureMailer } from '../src/mail/capture.js';
import { buildActivities } from '../src/runtime/activity-setup.js';
import { installTemporalRuntime } from '../src/runtime/worker-runtime.js';
import { createLogger } from '../src/logger.js';
import { openDb } from '../src/store/open-store.js';
import { WORKFLOW_SOURCE } from '../src/temporal/workflow-bundle.js';
import { TEST_SERVER_JOURNEY_OPTIONS } from '../workflows/journey-input.js';
import { journeyQuery, leadEventSignal } from '../workflows/messages.js';
import { writeJourneys } from '../test/helpers/journey-files.js';
import { SHIPPED_JOURNEYS } from '../test/helpers/leads.js';
import { startTimeSkippingServer } from '../src/temporal/time-skipping.js';

// Figures no noise can move: how much Temporal work a journey costs, in history events and
// workflow tasks, measured on the time-skipping server with the real workflow and activities.

const DAY = 86_400_000;
const EventType = { WORKFLOW_TASK_COMPLETED: 7 };

/** A funnel whose `lead` stage sends three mails a day apart (window any), and a `won` stage with nothing. */
const JOURNEYS = {
  'funnel.yaml': 'stages:\n  lead:\n    sequence: three\n  qualified: {}\n',
  'sequences/three.yaml': 'name: three\nsteps:\n  - send: hello\n    window: any\n  - wait: 1d\n  - send: hello\n    window: any\n  - wait: 1d\n  - send: hello\n    window: any\n',
  'templates/hello/en.html': '---\nsubject: "Hello"\n---\n<p>Hello {{ lead.first_name }}</p>\n',
};

export interface HistoryCosts {
  enrolment: { events: number; workflowTasks: number };
  emailStep: { events: number; workflowTasks: number };
  stageChange: { events: number; workflowTasks: number };
  careYear: { events: number; workflowTasks: number; bytes: number };
}

interface Tally {
  events: number;
  workflowTasks: number;
  bytes: number;
}

function tally(history: temporal.api.history.v1.IHistory): Tally {
  const events = history.events ?? [];
  return {
    events: events.length,
    workflowTasks: events.filter((e) => Number(e.eventType) === EventType.WORKFLOW_TASK_COMPLETED).length,
    bytes: JSON.stringify(history).length,
  };
}

/**
 * Runs the three journeys and counts their histories, as production runs them (local sends and
 * snapshots). `quick` (CI's harness check) runs them as on `journeys simulate`, without local
 * activities, which the time-skipping server can wedge on under load (JourneyOptions.localActivities).
 */
export async function measureHistoryCosts(opts: { quick?: boolean } = {}): Promise<HistoryCosts> {
  const options = opts.quick ? TEST_SERVER_JOURNEY_OPTIONS : { searchAttributes: false };
  installTemporalRuntime(createLogger('error'));
  const env = await startTimeSkippingServer(process.env);
  const db = await openDb({});
  const mailer = captureMailer();
  try {
    const run = async (journeysDir: string, body: (taskQueue: string) => Promise<HistoryCosts[keyof HistoryCosts] | Record<string, Tally>>) => {
      const taskQueue = `bench-${randomUUID()}`;
      const activities = buildActivities({ journeysDir, db, mailer, mailFrom: 'bench <bench@leadflow.local>', publicUrl: 'http://leadflow.invalid', tokens: linkTokens(randomUUID()), tracking: false });
      const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, ...WORKFLOW_SOURCE, activities });
      return worker.runUntil(() => body(taskQueue));
    };
    const start = (taskQueue: string, lead: object) => env.client.workflow.start('leadJourney', { workflowId: `lead:bench-${randomUUID()}`, taskQueue, args: [{ lead, options }] });
    const lead = (extra: object = {}) => ({ id: `bench-${randomUUID()}`, email: 'bench@example.com', name: 'Bench Lead', timezone: 'Asia/Shanghai', locale: 'en', ...extra });

    const dir = await writeJourneys(JOURNEYS);
    const mailFlow = (await run(dir, async (taskQueue) => {
      const handle = await start(taskQueue, lead());
      await env.sleep(60_000);
      const first = tally(await handle.fetchHistory());
      await env.sleep(2 * DAY + 60_000);
      const three = tally(await handle.fetchHistory());
      await handle.signal(leadEventSignal, { id: randomUUID(), type: 'stage.changed', stage: 'qualified' });
      await env.sleep(60_000);
      await handle.query(journeyQuery);
      const old = tally(await env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).fetchHistory());
      const next = tally(await handle.fetchHistory());
      await handle.terminate('measured');
      return { first, three, old, next };
    })) as Record<string, Tally>;

    const careYear = (await run(SHIPPED_JOURNEYS, async (taskQueue) => {
      // A customer with a birthday: the welcome sequence and survey settle in the first weeks; then a year of care.
      const handle = await start(taskQueue, lead({ stage: 'won', locale: 'zh-CN', birthday: { calendar: 'chinese', month: 8, day: 15 } }));
      await env.sleep(60 * DAY);
      const settled = tally(await handle.fetchHistory());
      await env.sleep(365 * DAY);
      const year = tally(await handle.fetchHistory());
      await handle.terminate('measured');
      return { events: year.events - settled.events, workflowTasks: year.workflowTasks - settled.workflowTasks, bytes: year.bytes - settled.bytes };
    })) as HistoryCosts['careYear'];

    const { first, three, old, next } = mailFlow as Record<'first' | 'three' | 'old' | 'next', Tally>;
    return {
      enrolment: { events: first.events, workflowTasks: first.workflowTasks },
      emailStep: { events: (three.events - first.events) / 2, workflowTasks: (three.workflowTasks - first.workflowTasks) / 2 },
      stageChange: { events: old.events - three.events + next.events, workflowTasks: old.workflowTasks - three.workflowTasks + next.workflowTasks },
      careYear,
    };
  } finally {
    mailer.close();
    await db.close();
    await env.teardown();
  }
}
