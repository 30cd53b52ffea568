import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createLogger } from '../logger.js';
import { installTemporalRuntime } from '../runtime/worker-runtime.js';
import type { Lead } from '../domain/lead.js';
import type { Env } from '../env.js';
import { linkTokens } from '../links/tokens.js';
import { buildActivities } from '../runtime/activity-setup.js';
import { openDb } from '../store/open-store.js';
import { captureMailer } from '../mail/capture.js';
import { missingServerError } from '../temporal/binaries.js';
import { WORKFLOW_SOURCE } from '../temporal/workflow-bundle.js';
import type { CalendarNotice } from '../calendar/work-calendar.js';
import { journeyQuery, leadEventSignal } from '../../workflows/messages.js';
import type { JourneyView } from '../../workflows/view.js';
import type { ScenarioEvent } from './scenario.js';
import { TEST_SERVER_JOURNEY_OPTIONS } from '../../workflows/journey-input.js';
import { startTimeSkippingServer } from '../temporal/time-skipping.js';

export interface SimulationInput {
  journeysDir: string;
  lead: Lead;
  days: number;
  events: ScenarioEvent[];
  env: Env;
  /** When the lead enrols (epoch ms); the test server's clock is skipped to it first. Default: now. */
  startAt?: number;
}

export interface SimulationResult {
  startedAt: number;
  endedAt: number;
  view: JourneyView;
  injected: { at: number; type: string; stage?: string; score?: number }[];
  /** Years whose holidays ran on an estimate, as `journeys validate` words them. */
  calendarNotices: CalendarNotice[];
}

/** `--start` lies before the test server's clock, which only moves forward. */
export class StartInPastError extends Error {
  override name = 'StartInPastError';
}

/**
 * Runs one lead through the journey on the time-skipping test server, with the real workflow and
 * activities; mail is captured in memory. Months pass in seconds. A start date is reached by
 * skipping the server's clock to it before the lead enrols.
 */
export async function simulateJourney(input: SimulationInput): Promise<SimulationResult> {
  installTemporalRuntime(createLogger('warn'));
  let env: TestWorkflowEnvironment;
  try {
    env = await startTimeSkippingServer(input.env);
  } catch (err) {
    throw missingServerError('test-server', err);
  }
  const mailer = captureMailer();
  const db = await openDb({});
  const calendarNotices: CalendarNotice[] = [];
  try {
    const now = await env.currentTimeMs();
    if (input.startAt !== undefined && input.startAt < now - 60_000) {
      throw new StartInPastError(`--start ${new Date(input.startAt).toISOString()} is in the past; the time-skipping server starts now and only moves forward`);
    }
    if (input.startAt !== undefined && input.startAt > now) await env.sleep(input.startAt - now);
    const taskQueue = `simulate-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      ...WORKFLOW_SOURCE,
      activities: buildActivities({
        journeysDir: input.journeysDir,
        db,
        mailer,
        mailFrom: 'leadflow <simulate@leadflow.local>',
        publicUrl: 'http://leadflow.invalid',
        tokens: linkTokens(randomUUID()),
        tracking: false,
        onCalendarNotice: (n) => calendarNotices.push(n),
      }),
    });
    return await worker.runUntil(async () => {
      const startedAt = await env.currentTimeMs();
      const handle = await env.client.workflow.start('leadJourney', {
        workflowId: `simulate:${input.lead.id}`,
        taskQueue,
        args: [{ lead: input.lead, options: TEST_SERVER_JOURNEY_OPTIONS }],
      });
      const injected: SimulationResult['injected'] = [];
      const events = input.events.filter((e) => e.offsetMs < input.days * 86_400_000).sort((a, b) => a.offsetMs - b.offsetMs);
      for (const [i, event] of events.entries()) {
        const wait = startedAt + event.offsetMs - (await env.currentTimeMs());
        if (wait > 0) await env.sleep(wait);
        await handle.signal(leadEventSignal, { id: `simulated-${i}`, type: event.type, stage: event.stage, source: 'simulation', data: event.data });
        injected.push({ at: await env.currentTimeMs(), type: event.type, stage: event.stage, score: typeof event.data?.score === 'number' ? event.data.score : undefined });
      }
      // Let the last event's workflow task (a stage change continues as new) finish before the query.
      await env.sleep(Math.max(startedAt + input.days * 86_400_000 - (await env.currentTimeMs()), 1_000));
      const view = await handle.query(journeyQuery);
      const endedAt = await env.currentTimeMs();
      // The journey would go on; ending it here lets the worker stop at once instead of waiting out a long poll.
      await handle.terminate('simulation over');
      return { startedAt, endedAt, view, injected, calendarNotices };
    });
  } finally {
    mailer.close();
    await db.close();
    await env.teardown();
  }
}
