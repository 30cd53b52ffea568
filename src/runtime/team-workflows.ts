import type { Client } from '@temporalio/client';
import type { JourneyLibrary } from '../journeys/library.js';
import type { Logger } from '../logger.js';
import { ownerProfile } from '../team/owner-profile.js';
import { OWNER_DIGEST, ownerDigestWorkflowId, type OwnerDigestInput } from '../../workflows/team-messages.js';

/**
 * Starts the daily digest of every owner in team.yaml who has one and somewhere to receive it. A
 * digest already running is left be (USE_EXISTING), so a second worker or a restart changes
 * nothing; an owner added later starts with their first alert.
 */
export async function startTeamWorkflows(client: Client, taskQueue: string, library: JourneyLibrary, logger: Logger): Promise<string[]> {
  const team = await library.team();
  const started: string[] = [];
  for (const owner of Object.keys(team.owners)) {
    const profile = ownerProfile(team, owner);
    if (!profile.digest || !profile.notify.length) continue;
    const input: OwnerDigestInput = { owner };
    await client.workflow.start(OWNER_DIGEST, { workflowId: ownerDigestWorkflowId(owner), taskQueue, args: [input], workflowIdConflictPolicy: 'USE_EXISTING' });
    started.push(owner);
  }
  if (started.length) logger.info({ owners: started.length }, 'daily digests running');
  return started;
}
