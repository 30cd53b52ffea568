import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { leadWorkflowId } from '../src/domain/lead.js';
import { journeyQuery } from '../workflows/messages.js';
import { runCli } from './helpers/cli.js';
import { startDevWorker, type DevWorker } from './helpers/dev-worker.js';
import { eventually } from './helpers/eventually.js';
import { testLead } from './helpers/leads.js';

describe('leadflow journeys doctor', () => {
  let w: DevWorker;
  beforeAll(async () => {
    w = await startDevWorker();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('names the workflow whose task fails and the journey with errors, says what to do, and exits 1', async () => {
    const c = w.client;
    const env = { TEMPORAL_ADDRESS: inject('devServerAddress'), TEMPORAL_TASK_QUEUE: w.taskQueue, LOG_LEVEL: 'silent' };
    const healthy = testLead();
    const troubled = testLead();
    for (const lead of [healthy, troubled]) await c.workflow.start('leadJourney', { workflowId: leadWorkflowId(lead.id), taskQueue: w.taskQueue, args: [{ lead }] });
    await eventually(async () => ((await c.workflow.getHandle(leadWorkflowId(healthy.id)).query(journeyQuery)).emails.length ? true : undefined));

    const clean = runCli(['journeys', 'doctor'], env);
    expect(await clean.exited).toBe(0);
    expect(clean.output()).toMatch(/✓ 2 workflow\(s\) checked: none has a failing task or errors/);

    await c.workflow.getHandle(leadWorkflowId(troubled.id)).signal('leadEvent', { id: 'e1', type: 'stage.changed', stage: 'constructor' });
    // A workflow type no worker knows: its every task fails, as a bug in a deployed worker would make it.
    const jammed = await c.workflow.start('noSuchWorkflow', { workflowId: `jammed-${randomUUID()}`, taskQueue: w.taskQueue, args: [] });
    await eventually(async () => ((await jammed.describe()).raw.pendingWorkflowTask?.attempt ?? 0) > 1);

    const run = runCli(['journeys', 'doctor', '--since', '1d'], env);
    expect(await run.exited).toBe(1);
    const out = run.output();
    expect(out).toContain(`✗ ${jammed.workflowId} (noSuchWorkflow): its workflow task fails`);
    expect(out).toContain('Deploy a fixed (or the previous) worker');
    expect(out).toContain(`✗ lead:${troubled.id} (leadJourney, stage lead): 1 error(s)`);
    expect(out).toContain('event e1 (stage.changed) not applied: stage:');
    expect(out).toContain('→ a sender signalled something the journey cannot apply');
    expect(out).not.toContain(healthy.id);
    expect(out).toContain('2 of 3 workflow(s) need attention');

    const json = runCli(['journeys', 'doctor', '--json'], env);
    expect(await json.exited).toBe(1);
    const found = JSON.parse(json.output());
    expect(found.troubles.map((t: { workflowId: string }) => t.workflowId).sort()).toEqual([jammed.workflowId, `lead:${troubled.id}`].sort());
    await jammed.terminate('test over');
  });
});
