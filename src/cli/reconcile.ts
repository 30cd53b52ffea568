import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, TimeoutFailure } from '@temporalio/common';
import proto from '@temporalio/proto';
import { loadConfig, type Config } from '../config.js';
import { CONNECTOR_NAMES } from '../domain/crm.js';
import { RECONCILE_ACTIONS, type ReconcileEntry } from '../domain/crm-reconcile.js';
import { parseDuration } from '../domain/duration.js';
import type { crmReconcile, ReconcileReport } from '../../workflows/crm-reconciler.js';
import { UsageError } from './errors.js';
import { temporalAddress } from './services.js';

/** The options of `leadflow connectors reconcile`. */
export interface ReconcileOptions {
  lead?: string;
  json?: boolean;
  /** How long to wait for the workers' report. */
  timeout: string;
}

/** The first failure in the chain of causes that is an ApplicationFailure or a timeout. */
function rootCause(err: unknown): unknown {
  let cause = err;
  while (cause instanceof Error && !(cause instanceof ApplicationFailure) && !(cause instanceof TimeoutFailure) && cause.cause) cause = cause.cause;
  return cause;
}

/** Reconciliation runs on the workers, which hold the CRM credentials: one must be there to run it. */
async function requireWorker(client: Client, config: Config): Promise<void> {
  const { pollers } = await client.workflowService.describeTaskQueue({
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: { name: config.TEMPORAL_TASK_QUEUE },
    taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  if (!pollers?.length) throw new Error(`no worker is polling task queue ${config.TEMPORAL_TASK_QUEUE} at ${temporalAddress(config)}: start \`leadflow worker\` (or \`leadflow start\`) first`);
}

function line(e: ReconcileEntry, connector: string): string {
  const where = `  ${e.leadId}  ${connector} ${e.recordId}:`;
  switch (e.action) {
    case RECONCILE_ACTIONS.pulled:
      return `${where} pulled (${e.crmStage}, changed ${e.changedAt ?? 'at an unknown time'}, is the most recent change): journey ${e.from} → ${e.journeyStage}`;
    case RECONCILE_ACTIONS.pushed:
      return `${where} pushed (the journey's ${e.journeyStage} is the most recent change): writing it over ${e.crmStage ?? 'no stage'}; GET /api/leads/${e.leadId} shows the write`;
    case RECONCILE_ACTIONS.unmapped:
      return `${where} unmapped (${e.crmStage} has no funnel stage): add it to journeys/connectors/${connector}.yaml`;
    case RECONCILE_ACTIONS.missing:
      return `${where} missing: ${connector} no longer has this record (deleted, or hidden from leadflow's user)`;
    default:
      return `${where} ${e.action}: no journey follows this record`;
  }
}

/** The report as people read it: what changed, one line a record, then the counts. */
export function formatReport(r: ReconcileReport): string {
  const c = r.counts;
  const scope = r.leadId ? ` (lead ${r.leadId})` : '';
  return [
    `reconciled ${r.connector}${scope}: ${r.checked} record${r.checked === 1 ? '' : 's'} checked`,
    ...r.changes.map((e) => line(e, r.connector)),
    ...(r.moreChanges ? [`  … and ${r.moreChanges} more`] : []),
    `${c.pulled} pulled into journeys, ${c.pushed} pushed to ${r.connector}, ${c['in-sync']} in agreement, ${c.unmapped} unmapped, ${c.missing} missing, ${c['no-journey']} without a journey`,
  ].join('\n');
}

/**
 * `leadflow connectors reconcile <name> [--lead id]`: one pass on the workers (they hold the CRM
 * credentials), waited for, and its report printed. Exit 2 for a connector that does not exist or
 * that the workers do not run; 1 when Temporal or the workers are not there.
 */
export async function reconcile(name: string, opts: ReconcileOptions): Promise<void> {
  if (!(CONNECTOR_NAMES as readonly string[]).includes(name)) throw new UsageError(`unknown connector "${name}": one of ${CONNECTOR_NAMES.join(', ')}`);
  let timeoutMs: number;
  try {
    timeoutMs = parseDuration(opts.timeout);
  } catch (err) {
    throw new UsageError(`--timeout: ${(err as Error).message}`);
  }
  const config = loadConfig();
  const address = temporalAddress(config);
  const connection = await Connection.connect({ address, connectTimeout: '5s' }).catch((err: Error) => {
    throw new Error(`cannot reach Temporal at ${address} (TEMPORAL_ADDRESS): ${err.message}`);
  });
  try {
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
    await requireWorker(client, config);
    const report = await client.workflow.execute<typeof crmReconcile>('crmReconcile', {
      workflowId: `crm-reconcile:${name}:${opts.lead ?? 'all'}:${Date.now()}`,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [{ connector: name, leadId: opts.lead }],
      workflowExecutionTimeout: timeoutMs,
    });
    process.stdout.write(`${opts.json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
  } catch (err) {
    const cause = rootCause(err);
    if (err instanceof WorkflowFailedError && cause instanceof ApplicationFailure && cause.type === 'ConnectorOff') throw new UsageError(cause.message);
    if (err instanceof WorkflowFailedError && cause instanceof TimeoutFailure) throw new Error(`no report within ${opts.timeout}: the pass goes on on the workers only if they pick it up; try a longer --timeout`);
    throw err;
  } finally {
    await connection.close();
  }
}
