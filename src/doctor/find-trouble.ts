import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { LEAD_JOURNEY } from '../../workflows/journey-input.js';
import { journeyQuery } from '../../workflows/messages.js';
import { adviceFor, FAILING_TASK_ADVICE, SILENT_ADVICE } from './advice.js';
import { CRM_RECORD_STATUSES, crmSyncProblems, type CrmSyncProblem } from '../../workflows/crm-sync-view.js';
import { JOURNEY_ERROR_KINDS } from '../../workflows/error-kinds.js';

/** One workflow that needs a person, with what is wrong and what to do. */
export interface Trouble {
  workflowId: string;
  type: string;
  stage?: string;
  /** The workflow task fails on every attempt: the workflow is stopped. */
  failingTask?: { attempt: number; message: string; advice: string };
  /** The journey does not answer its query. */
  silent?: { message: string; advice: string };
  /** Errors the journey recorded since `since`, newest last. */
  errors: { at: string; message: string; kind?: string; advice: string }[];
  /** Linked CRM records not on the journey's stage: a write still pending with an error, given up, or unmapped. */
  crm?: (CrmSyncProblem & { advice: string })[];
}

export interface DoctorOptions {
  taskQueue: string;
  /** Errors older than this instant are history, not trouble. */
  since: Date;
  /** Deadline of each describe or query. */
  callTimeoutMs?: number;
  /** Workflows looked at at once. */
  concurrency?: number;
}

/** The message of the last failed workflow task in the workflow's history. */
async function lastTaskFailure(client: Client, workflowId: string): Promise<string> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const failed = (history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes).at(-1)?.workflowTaskFailedEventAttributes;
  return failed?.failure?.message ?? 'the workflow task has not completed yet';
}

async function examine(client: Client, info: WorkflowExecutionInfo, opts: DoctorOptions): Promise<Trouble | undefined> {
  const timeout = opts.callTimeoutMs ?? 5_000;
  const call = <T>(fn: () => Promise<T>) => client.connection.withDeadline(Date.now() + timeout, fn);
  const handle = client.workflow.getHandle(info.workflowId, info.runId);
  const trouble: Trouble = { workflowId: info.workflowId, type: info.type, errors: [] };
  const description = await call(() => handle.describe());
  const attempt = description.raw.pendingWorkflowTask?.attempt ?? 0;
  // Attempt 1 is an ordinary task in flight; from the second on, the previous one failed.
  if (attempt > 1) {
    trouble.failingTask = { attempt, message: await call(() => lastTaskFailure(client, info.workflowId)), advice: FAILING_TASK_ADVICE };
    return trouble;
  }
  if (info.type !== LEAD_JOURNEY) return undefined;
  try {
    const view = await call(() => handle.query(journeyQuery));
    trouble.stage = view.stage;
    trouble.errors = view.errors.filter((e) => Date.parse(e.at) >= opts.since.getTime()).map((e) => ({ ...e, advice: adviceFor(e.kind) }));
    const crm = crmSyncProblems(view).map((p) => ({ ...p, advice: adviceFor(p.status === CRM_RECORD_STATUSES.unmapped ? JOURNEY_ERROR_KINDS.unmappedStage : JOURNEY_ERROR_KINDS.crmWrite) }));
    if (crm.length) trouble.crm = crm;
  } catch (err) {
    trouble.silent = { message: (err as Error).message, advice: SILENT_ADVICE };
  }
  return trouble.errors.length || trouble.silent || trouble.crm ? trouble : undefined;
}

/**
 * Every running workflow on leadflow's task queue that needs a person: a failing workflow task
 * (what Temporal reports as `TemporalReportedProblems` after a few attempts, seen here from the
 * first retry), a journey that does not answer, errors a journey recorded since `since`, or a
 * linked CRM record its journey cannot bring to its stage.
 * Describes each workflow and queries each journey, a few at a time.
 */
export async function findTrouble(client: Client, opts: DoctorOptions): Promise<{ checked: number; troubles: Trouble[] }> {
  const query = `TaskQueue = '${opts.taskQueue.replaceAll("'", "\\'")}' AND ExecutionStatus = 'Running'`;
  const pending: WorkflowExecutionInfo[] = [];
  for await (const info of client.workflow.list({ query })) pending.push(info);
  const troubles: Trouble[] = [];
  const worker = async () => {
    for (let info = pending.shift(); info; info = pending.shift()) {
      const trouble = await examine(client, info, opts);
      if (trouble) troubles.push(trouble);
    }
  };
  const checked = pending.length;
  await Promise.all(Array.from({ length: opts.concurrency ?? 8 }, worker));
  troubles.sort((a, b) => a.workflowId.localeCompare(b.workflowId));
  return { checked, troubles };
}
