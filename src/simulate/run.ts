import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createLogger } from '../logger.js';
import { installTemporalRuntime } from '../runtime/worker-runtime.js';
import type { Lead } from '../domain/lead.js';
import type { Env } from '../env.js';
import { linkTokens } from '../links/tokens.js';
import { buildActivities } from '../runtime/activity-setup.js';
import { openDb } from '../store/open-store.js';
import { captureMailer } from '../mail/capture.js';
import { missingServerError, serverExecutable } from '../temporal/binaries.js';
import { WORKFLOWS_PATH } from '../temporal/worker.js';
import { journeyQuery, leadEventSignal } from '../../workflows/messages.js';
import type { JourneyView } from '../../workflows/view.js';
import type { ScenarioEvent } from './scenario.js';

export interface SimulationInput {
  journeysDir: string;
  lead: Lead;
  days: number;
  events: ScenarioEvent[];
  env: Env;
}

export interface SimulationResult {
  startedAt: number;
  endedAt: number;
  view: JourneyView;
  injected: { at: number; type: string; stage?: string }[];
}

/**
 * Runs one lead through the journey on the time-skipping test server, with the real workflow and
 * activities; mail is captured in memory. Months pass in seconds.
 */
export async function simulateJourney(input: SimulationInput): Promise<SimulationResult> {
  installTemporalRuntime(createLogger('warn'));
  let env: TestWorkflowEnvironment;
  try {
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: serverExecutable('test-server', input.env) } });
  } catch (err) {
    throw missingServerError('test-server', err);
  }
  const mailer = captureMailer();
  const db = await openDb({});
  try {
    const taskQueue = `simulate-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities: buildActivities({ journeysDir: input.journeysDir, db, mailer, mailFrom: 'leadflow <simulate@leadflow.local>', publicUrl: 'http://leadflow.invalid', tokens: linkTokens(randomUUID()), tracking: false }),
    });
    return await worker.runUntil(async () => {
      const startedAt = await env.currentTimeMs();
      const handle = await env.client.workflow.start('leadJourney', {
        workflowId: `simulate:${input.lead.id}`,
        taskQueue,
        args: [{ lead: input.lead, options: { searchAttributes: false } }],
      });
      const injected: SimulationResult['injected'] = [];
      const events = [...input.events].sort((a, b) => a.offsetMs - b.offsetMs);
      for (const [i, event] of events.entries()) {
        const wait = startedAt + event.offsetMs - (await env.currentTimeMs());
        if (wait > 0) await env.sleep(wait);
        await handle.signal(leadEventSignal, { id: `simulated-${i}`, type: event.type, stage: event.stage, source: 'simulation' });
        injected.push({ at: await env.currentTimeMs(), type: event.type, stage: event.stage });
      }
      const rest = startedAt + input.days * 86_400_000 - (await env.currentTimeMs());
      if (rest > 0) await env.sleep(rest);
      const view = await handle.query(journeyQuery);
      return { startedAt, endedAt: await env.currentTimeMs(), view, injected };
    });
  } finally {
    mailer.close();
    await db.close();
    await env.teardown();
  }
}
