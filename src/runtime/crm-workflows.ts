import type { Client } from '@temporalio/client';
import type { Connectors } from '../crm/configured.js';
import { ConfigError } from '../config.js';
import { parseDuration } from '../domain/duration.js';
import type { Env } from '../env.js';
import type { Logger } from '../logger.js';
import type { crmPoller } from '../../workflows/crm-poller.js';
import type { zohoChannelUpkeep } from '../../workflows/zoho-channel.js';

/** Poll intervals per connector: Fxiaoke polls by default (it has no signed push); Zoho only if asked. */
export function pollIntervals(env: Env, connectors: Connectors): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, connector] of connectors) {
    if (!connector.poll) continue;
    const variable = `${name.toUpperCase()}_POLL_INTERVAL`;
    const setting = env[variable] ?? (name === 'fxiaoke' ? '1m' : undefined);
    if (!setting) continue;
    try {
      out[name] = parseDuration(setting);
    } catch (err) {
      throw new ConfigError(`${variable}: ${(err as Error).message}`);
    }
  }
  return out;
}

/**
 * Starts each connection's long-running workflows once: a second worker, or a restart, finds
 * them running (conflict policy USE_EXISTING) and leaves them be.
 */
export async function startCrmWorkflows(client: Client, taskQueue: string, env: Env, connectors: Connectors, logger: Logger): Promise<string[]> {
  const started: string[] = [];
  for (const [connector, intervalMs] of Object.entries(pollIntervals(env, connectors))) {
    const workflowId = `crm-poller:${connector}`;
    await client.workflow.start<typeof crmPoller>('crmPoller', { workflowId, taskQueue, args: [{ connector, intervalMs }], workflowIdConflictPolicy: 'USE_EXISTING' });
    started.push(workflowId);
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
