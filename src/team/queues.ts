import type { Client } from '@temporalio/client';
import { OWNER_DIGEST, TEAM_NOTIFY_QUEUE, enqueueNotificationSignal, ownerDigestWorkflowId, teamQueueWorkflowId, type NotifyQueueInput, type OwnerDigestInput, type QueuedNotification, type QueueRateWindow } from '../../workflows/team-messages.js';

/** Where activities reach Temporal from: the client and the task queue the team's workflows run on. */
export interface TeamTemporal {
  client: Client;
  taskQueue: string;
  /** Heartbeat timeout of deliveries (tests shorten it to notice a killed worker sooner). */
  heartbeatTimeout?: string;
}

/**
 * Puts a message in its destination's queue, starting the queue if it is not running. Repeating
 * it is harmless: the queue drops a key it holds or delivered, and the ledger a key already sent.
 */
export async function handToQueue(temporal: TeamTemporal, destination: string, limits: QueueRateWindow[], item: QueuedNotification): Promise<void> {
  const input: NotifyQueueInput = { destination, limits, heartbeatTimeout: temporal.heartbeatTimeout };
  await temporal.client.workflow.signalWithStart(TEAM_NOTIFY_QUEUE, {
    workflowId: teamQueueWorkflowId(destination),
    taskQueue: temporal.taskQueue,
    args: [input],
    signal: enqueueNotificationSignal,
    signalArgs: [{ item, limits }],
  });
}

const digestsRunning = new Set<string>();

/**
 * Makes sure an owner's digest workflow runs (once per owner and process: the start is a no-op
 * when it does), so an owner added to team.yaml gets a digest from their first moment on.
 */
export async function ensureOwnerDigest(temporal: TeamTemporal, owner: string): Promise<void> {
  const id = `${temporal.taskQueue}/${owner}`;
  if (digestsRunning.has(id)) return;
  const input: OwnerDigestInput = { owner };
  await temporal.client.workflow.start(OWNER_DIGEST, { workflowId: ownerDigestWorkflowId(owner), taskQueue: temporal.taskQueue, args: [input], workflowIdConflictPolicy: 'USE_EXISTING' });
  digestsRunning.add(id);
}
