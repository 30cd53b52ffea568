import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { ConfiguredConnector, Connectors } from '../crm/configured.js';
import { ConfigError } from '../config.js';
import { parseDuration } from '../domain/duration.js';
import type { Env } from '../env.js';
import type { Logger } from '../logger.js';
import type { crmPoller } from '../../workflows/crm-poller.js';
import { reconcileNowSignal, type crmReconciler, type ReconcileRequest } from '../../workflows/crm-reconciler.js';
import type { zohoChannelUpkeep } from '../../workflows/zoho-channel.js';

/** A pass after a worker starts, unless one ran this recently (a deploy starts several workers). */
const RECONCILE_AFTER_START_UNLESS_WITHIN_MS = 10 * 60_000;

interface IntervalSetting {
  /** `POLL_INTERVAL` reads `<CONNECTOR>_POLL_INTERVAL`. */
  suffix: string;
  applies: (connector: ConfiguredConnector) => boolean;
  fallback: (name: string) => string | undefined;
}

/** `<CONNECTOR>_<SUFFIX>` of each connector it applies to, as ms: its default when unset, none when `off`. */
function connectorIntervals(env: Env, connectors: Connectors, setting: IntervalSetting): { on: Record<string, number>; off: string[] } {
  const on: Record<string, number> = {};
  const off: string[] = [];
  for (const [name, connector] of connectors) {
    if (!setting.applies(connector)) continue;
    const variable = `${name.toUpperCase()}_${setting.suffix}`;
    const value = env[variable]?.trim() || setting.fallback(name);
    if (!value || value === 'off') {
      off.push(name);
      continue;
    }
    try {
      on[name] = parseDuration(value);
    } catch (err) {
      throw new ConfigError(`${variable}: ${(err as Error).message}, or off`);
    }
  }
  return { on, off };
}

/** Poll intervals per connector: Fxiaoke polls by default (it has no signed push); Zoho only if asked. */
export function pollIntervals(env: Env, connectors: Connectors): Record<string, number> {
  return connectorIntervals(env, connectors, { suffix: 'POLL_INTERVAL', applies: (c) => !!c.poll, fallback: (name) => (name === 'fxiaoke' ? '1m' : undefined) }).on;
}

/** Reconciliation intervals per connector that can read its records: daily unless `<CONNECTOR>_RECONCILE_INTERVAL` says otherwise. */
export function reconcileIntervals(env: Env, connectors: Connectors): { on: Record<string, number>; off: string[] } {
  return connectorIntervals(env, connectors, { suffix: 'RECONCILE_INTERVAL', applies: (c) => !!c.readStages, fallback: () => '1d' });
}

/**
 * Starts each connection's long-running workflows once: a second worker, or a restart, finds
 * them running (conflict policy USE_EXISTING) and leaves them be. A reconciler is told that a
 * worker started, so that a pass follows downtime, and is stopped when its setting is `off`.
 */
export async function startCrmWorkflows(client: Client, taskQueue: string, env: Env, connectors: Connectors, logger: Logger): Promise<string[]> {
  const started: string[] = [];
  for (const [connector, intervalMs] of Object.entries(pollIntervals(env, connectors))) {
    const workflowId = `crm-poller:${connector}`;
    await client.workflow.start<typeof crmPoller>('crmPoller', { workflowId, taskQueue, args: [{ connector, intervalMs }], workflowIdConflictPolicy: 'USE_EXISTING' });
    started.push(workflowId);
  }
  const reconcile = reconcileIntervals(env, connectors);
  for (const [connector, intervalMs] of Object.entries(reconcile.on)) {
    const workflowId = `crm-reconciler:${connector}`;
    await client.workflow.signalWithStart<typeof crmReconciler, [ReconcileRequest]>('crmReconciler', {
      workflowId,
      taskQueue,
      args: [{ connector, intervalMs }],
      signal: reconcileNowSignal,
      signalArgs: [{ reason: 'a worker started', unlessWithinMs: RECONCILE_AFTER_START_UNLESS_WITHIN_MS, intervalMs }],
    });
    started.push(workflowId);
  }
  for (const connector of reconcile.off) {
    await client.workflow.getHandle(`crm-reconciler:${connector}`).cancel().catch((err: unknown) => {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    });
  }
  const channelId = env.ZOHO_CHANNEL_ID;
  if (channelId && connectors.has('zoho')) {
    const workflowId = `zoho-channel:${channelId}`;
    await client.workflow.start<typeof zohoChannelUpkeep>('zohoChannelUpkeep', { workflowId, taskQueue, args: [{ channelId }], workflowIdConflictPolicy: 'USE_EXISTING' });
    started.push(workflowId);
  }
  if (started.length) logger.info({ workflows: started }, 'CRM workflows running');
  return started;
}
