import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { RECONCILE_ACTIONS, type ReconcileAction, type ReconcileEntry } from '../src/domain/crm-reconcile.js';
import { iso } from './state.js';

/** What one pass over a connection (or one lead's records) found and did. */
export interface ReconcileReport {
  connector: string;
  leadId?: string;
  startedAt: string;
  finishedAt: string;
  checked: number;
  counts: Record<ReconcileAction, number>;
  /** Every record that was not in agreement, up to MAX_CHANGES. */
  changes: ReconcileEntry[];
  /** How many more there were than `changes` holds. */
  moreChanges: number;
}

const MAX_CHANGES = 200;
const PAGE_SIZE = 100;

const { reconcileCrmLinks } = wf.proxyActivities<Pick<Activities, 'reconcileCrmLinks'>>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', nonRetryableErrorTypes: ['ConnectorOff'] },
});

/** One pass: every page of the connection's links (or the lead's), each record compared and repaired. */
async function reconcilePass(connector: string, leadId: string | undefined, passId: string): Promise<ReconcileReport> {
  const counts = Object.fromEntries(Object.values(RECONCILE_ACTIONS).map((a) => [a, 0])) as Record<ReconcileAction, number>;
  const report: ReconcileReport = { connector, leadId, startedAt: iso(Date.now()), finishedAt: '', checked: 0, counts, changes: [], moreChanges: 0 };
  let after: string | undefined;
  do {
    const page = await reconcileCrmLinks({ connector, leadId, after, limit: PAGE_SIZE, passId });
    for (const entry of page.entries) {
      report.checked += 1;
      counts[entry.action] += 1;
      if (entry.action === RECONCILE_ACTIONS.inSync) continue;
      if (report.changes.length < MAX_CHANGES) report.changes.push(entry);
      else report.moreChanges += 1;
    }
    after = page.next;
  } while (after);
  report.finishedAt = iso(Date.now());
  return report;
}

/** `leadflow connectors reconcile <name> [--lead id]`: one pass, its report the result. */
export async function crmReconcile(input: { connector: string; leadId?: string }): Promise<ReconcileReport> {
  return reconcilePass(input.connector, input.leadId, wf.workflowInfo().workflowId);
}

/** A connection's reconciler: its interval, and what it carries from one pass to the next. */
export interface CrmReconcilerInput {
  connector: string;
  intervalMs: number;
  /** Carried across continue-as-new. */
  lastReport?: ReconcileReport;
  passes?: number;
}

/** What a worker says when it starts: run a pass soon (its downtime may have hidden changes), and the interval it is configured with. */
export interface ReconcileRequest {
  reason: string;
  /** No pass if one finished this recently: several workers starting at once ask once. */
  unlessWithinMs?: number;
  /** The interval in force from now on (a changed `<CONNECTOR>_RECONCILE_INTERVAL`). */
  intervalMs?: number;
}
/** Asks for a pass soon (see ReconcileRequest). */
export const reconcileNowSignal = wf.defineSignal<[ReconcileRequest]>('reconcileNow');
/** The reconciler as it stands: passes made, the last report, and when the next pass is due. */
export const reconcilerStatusQuery = wf.defineQuery<{ connector: string; intervalMs: number; passes: number; lastReport?: ReconcileReport; nextPassAt: string }>('reconcilerStatus');

/**
 * One per connection, durable: a pass at start, then every `intervalMs` (default daily), and on
 * `reconcileNow` (each worker start sends one, so a pass follows leadflow's own downtime). Each
 * pass ends the run with continue-as-new, carrying its report, so history stays small.
 */
export async function crmReconciler(input: CrmReconcilerInput): Promise<void> {
  let asked: ReconcileRequest | undefined;
  let { intervalMs } = input;
  const passes = input.passes ?? 0;
  const lastAt = input.lastReport ? Date.parse(input.lastReport.finishedAt) : undefined;
  const due = () => (lastAt === undefined ? Date.now() : lastAt + intervalMs);
  wf.setHandler(reconcileNowSignal, (request) => {
    intervalMs = request.intervalMs ?? intervalMs;
    if (!(lastAt !== undefined && request.unlessWithinMs !== undefined && Date.now() - lastAt < request.unlessWithinMs)) asked = request;
  });
  wf.setHandler(reconcilerStatusQuery, () => ({ connector: input.connector, intervalMs, passes, lastReport: input.lastReport, nextPassAt: iso(asked ? Date.now() : due()) }));
  // A changed interval moves the deadline: wake, and wait again for the new one.
  for (let seen = intervalMs; !asked && Date.now() < due(); seen = intervalMs) {
    await wf.condition(() => asked !== undefined || intervalMs !== seen, Math.max(1, due() - Date.now()));
  }
  const report = await reconcilePass(input.connector, undefined, `${wf.workflowInfo().workflowId}/${passes + 1}`);
  await wf.continueAsNew<typeof crmReconciler>({ ...input, intervalMs, lastReport: report, passes: passes + 1 });
}
