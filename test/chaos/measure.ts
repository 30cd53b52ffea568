import proto from '@temporalio/proto';
import type { ReconcileReport } from '../../workflows/crm-reconciler.js';
import type { ChaosProxy } from '../fakes/chaos-proxy.js';
import { agrees, type ChaosLead, type ChaosWorld } from './world.js';
import type { CrmWriteFigures } from './figures.js';

const CRMS = ['hubspot', 'fxiaoke', 'zoho'] as const;
type Crm = (typeof CRMS)[number];

/** The requests that write a stage, and those that create a task or note, per CRM, as the proxy sees them. */
const STAGE_WRITE: Record<Crm, RegExp> = { hubspot: /^PATCH \/crm\/v3\/objects\/deals\//, fxiaoke: /^POST \/cgi\/crm\/v2\/data\/update$/, zoho: /^PUT \/crm\/v\d+\/Deals/ };
const CREATE: Record<Crm, RegExp> = { hubspot: /^POST \/crm\/v3\/objects\/(tasks|notes)$/, fxiaoke: /^POST \/cgi\/crm\/v2\/data\/create$/, zoho: /^POST \/crm\/v\d+\/(Tasks|Notes)$/ };

interface LeadState {
  lead: ChaosLead;
  view: { stage: string; errors: { message: string }[]; crm: { connector: string; status: string }[]; emails: unknown[]; tasks: unknown[]; history: { source: string }[]; ignored: unknown[] };
  crms: Record<Crm, string | undefined>;
  disagreeing: Crm[];
}

/** Every lead: its journey, its three CRM values, and which of them are off the journey's stage. */
export async function readLeads(world: ChaosWorld): Promise<LeadState[]> {
  return Promise.all(
    world.leads.map(async (lead) => {
      const view = await world.h.view(lead.id);
      const crms = world.crmValues(lead);
      const disagreeing = CRMS.filter((c) => !agrees(world.connectors.get(c)!.stages, crms[c], view.stage as never));
      return { lead, view, crms, disagreeing };
    }),
  );
}

/** A lead off its journey's stage is explained when it carries an error and the record says it gave up or cannot map. */
export const explained = (s: LeadState) => s.view.errors.length > 0 && s.disagreeing.every((c) => ['gave-up', 'unmapped'].includes(s.view.crm.find((r) => r.connector === c)?.status ?? ''));
export const pending = (s: LeadState) => s.view.crm.filter((r) => r.status === 'pending').length;
export const settled = (states: LeadState[]) => states.every((s) => (s.disagreeing.length === 0 || explained(s)) && pending(s) === 0);

export function crmWriteFigures(world: ChaosWorld): Record<Crm, CrmWriteFigures> {
  const writes: Record<Crm, { from: unknown; to: unknown }[]> = { hubspot: world.hs.state.stageWrites, fxiaoke: world.fx.state.stageWrites, zoho: world.zo.state.stageWrites };
  const lost = (proxy: ChaosProxy, pattern: RegExp) => proxy.stats.lostWrites.filter((w) => pattern.test(`${w.method} ${w.path}`)).length;
  return Object.fromEntries(
    CRMS.map((c) => [c, { stageWrites: writes[c].length, redundant: writes[c].filter((w) => w.from === w.to).length, lostStageWrites: lost(world.proxies[c], STAGE_WRITE[c]), lostCreates: lost(world.proxies[c], CREATE[c]), faults: { ...world.proxies[c].stats.faults } }]),
  ) as Record<Crm, CrmWriteFigures>;
}

/** Notes and tasks on every linked record, against the e-mails and tasks the journeys have. */
export function notesAndTasks(world: ChaosWorld, states: LeadState[]) {
  const { hs, fx, zo } = world;
  const on = (assoc: { to: { id: string } }[], id: string) => assoc.some((a) => a.to.id === id);
  const fxFor = (id: string, note: boolean) => fx.state.followUps.filter((f) => (f.object_data.related_object_data as { id: string }[])[0]?.id === id && String(f.object_data.active_record_content).startsWith('E-mail sent') === note).length;
  const notes = { written: 0, expected: 0, extra: 0, missing: 0, where: [] as string[] };
  const tasks = { written: 0, expected: 0, extra: 0, missing: 0, where: [] as string[] };
  const count = (into: typeof notes, expected: number, found: number[], lead: string) => {
    found.forEach((n, i) => {
      into.written += n;
      into.expected += expected;
      into.extra += Math.max(0, n - expected);
      into.missing += Math.max(0, expected - n);
      if (n !== expected) into.where.push(`${lead} ${['hubspot', 'fxiaoke', 'zoho'][i]}: ${n} of ${expected}`);
    });
  };
  for (const { lead, view } of states) {
    count(notes, view.emails.length, [[...hs.state.notes.values()].filter((n) => on(n.associations, lead.hubspot)).length, fxFor(lead.fxiaoke, true), zo.state.notes.filter((n) => n.parentId === lead.zoho).length], lead.id);
    count(tasks, view.tasks.length, [[...hs.state.tasks.values()].filter((t) => on(t.associations, lead.hubspot)).length, fxFor(lead.fxiaoke, false), zo.state.tasks.filter((t) => t.parentId === lead.zoho).length], lead.id);
  }
  return { notes, tasks };
}

/** Every run of every chaos journey, closed ones included: a workflow task that failed (a bug, a determinism error) is counted. */
export async function workflowTaskFailures(world: ChaosWorld): Promise<string[]> {
  const failed = proto.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;
  const failures: string[] = [];
  for await (const run of world.h.client.workflow.list({ query: `WorkflowType = 'leadJourney' AND TaskQueue = '${world.h.taskQueue}'` })) {
    const history = await world.h.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    for (const e of history.events ?? []) {
      const a = e.workflowTaskFailedEventAttributes;
      // A signal that arrives while a run continues as new sends the task back to take it in: by design.
      if (e.eventType !== failed || a?.cause === proto.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND) continue;
      failures.push(`${run.workflowId}: cause ${a?.cause ?? '?'}: ${a?.failure?.message ?? ''}`);
    }
  }
  return failures;
}

/** One reconciliation pass per connection, as `leadflow connectors reconcile` runs it: after settling it should find nothing to do. */
export async function reconcileAll(world: ChaosWorld): Promise<Record<string, ReconcileReport>> {
  const reports: Record<string, ReconcileReport> = {};
  for (const connector of CRMS) {
    reports[connector] = await world.h.client.workflow.execute('crmReconcile', { workflowId: `chaos-reconcile:${connector}:${Date.now()}`, taskQueue: world.h.taskQueue, args: [{ connector }] });
  }
  return reports;
}
