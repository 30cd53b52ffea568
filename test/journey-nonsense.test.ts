import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadWorkflowId } from '../src/domain/lead.js';
import { journeyQuery } from '../workflows/messages.js';
import { startDevWorker, type DevWorker } from './helpers/dev-worker.js';
import { eventually } from './helpers/eventually.js';
import { testLead } from './helpers/leads.js';
import { failedWorkflowTasks } from './helpers/workflow-health.js';

const deep = (levels: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { v: value };
  return value;
};

/** Everything that could reach a journey's signal handlers without going through HTTP's validation. */
const NONSENSE_EVENTS: unknown[] = [
  null,
  42,
  'stage.changed',
  [],
  {},
  { id: 5, type: 'email.opened' },
  { id: 'no-type' },
  { id: 'e-no-stage', type: 'stage.changed' },
  { id: 'e-proto-stage', type: 'stage.changed', stage: 'constructor' },
  { id: 'e-bad-stage', type: 'stage.changed', stage: { to: 'won' } },
  { id: 'e-bad-time', type: 'stage.changed', stage: 'won', occurredAt: 'yesterday' },
  { id: 'e-future', type: 'stage.changed', stage: 'won', occurredAt: '9999-12-31T23:59:59Z' },
  { id: 'e-no-attrs', type: 'attributes.updated' },
  { id: 'e-bad-attrs', type: 'attributes.updated', attributes: 'plan=pro' },
  { id: 'e-deep', type: 'demo.booked', data: deep(100) },
  { id: 'x'.repeat(10_000), type: 'email.opened' },
  { id: 'e-nul\u0000', type: 'email.opened' },
  { id: 'e-type', type: 'Email Opened!' },
  { id: 'e-source', type: 'email.opened', source: { evil: true } },
];

/** Updates of the journey's own lead with one thing wrong each, and some that are no lead at all. */
const nonsenseLeads = (lead: object): unknown[] => [
  null,
  'lead',
  {},
  { ...lead, id: 'someone-else' },
  { email: 'no-id@example.com' },
  { ...lead, owner: 5, source: { utm: 'x' } },
  { ...lead, stage: 'constructor' },
  { ...lead, crm: 'zoho:1' },
  { ...lead, attributes: 7 },
  { ...lead, consent: { marketing: 'no' } },
];

describe('a journey stays healthy whatever is signalled to it (bypassing HTTP)', () => {
  let w: DevWorker;
  beforeAll(async () => {
    w = await startDevWorker();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('records each piece of nonsense as an error, never fails a workflow task, and applies the next good event', async () => {
    const lead = testLead({ id: `nonsense-${randomUUID()}` });
    const handle = await w.client.workflow.start('leadJourney', { workflowId: leadWorkflowId(lead.id), taskQueue: w.taskQueue, args: [{ lead }] });
    await w.sink.waitFor(1);
    await handle.signal('leadEvent');
    for (const event of NONSENSE_EVENTS) await handle.signal('leadEvent', event);
    for (const upsert of nonsenseLeads(lead)) await handle.signal('upsertLead', upsert);
    await handle.signal('leadEvent', { id: 'good-1', type: 'stage.changed', stage: 'negotiating' });

    const view = await eventually(async () => {
      const v = await handle.query(journeyQuery);
      return v.stage === 'negotiating' ? v : undefined;
    });
    expect(await failedWorkflowTasks(w.client, lead.id)).toBe(0);
    expect(view.lead).toMatchObject({ id: lead.id, email: lead.email, owner: lead.owner });
    expect(view.history.map((h) => h.to)).toEqual(['lead', 'negotiating']);
    const messages = view.errors.map((e) => e.message);
    // The journey keeps its 20 latest errors: the last of the nonsense is there, each saying what was wrong.
    expect(messages).toHaveLength(20);
    expect(messages).toContain('lead update not applied: attributes: expected record, received number');
    expect(messages).toContain('lead update not applied: owner: expected string, received number; source: expected string, received object');
    expect(messages.some((m) => /^lead update not applied: id: .*"someone-else".*this journey/.test(m))).toBe(true);
    expect(messages.some((m) => /^event e-deep \(demo\.booked\) not applied: data: must not nest deeper than 8 levels/.test(m))).toBe(true);
    expect(messages.some((m) => /^event e-future \(stage\.changed\) not applied: occurredAt: must not be more than 1 day in the future/.test(m))).toBe(true);
    expect(messages.every((m) => m.length <= 400)).toBe(true);
  });
});
