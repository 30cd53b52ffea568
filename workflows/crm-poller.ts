import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

export interface CrmPollerInput {
  connector: string;
  /** Where the last poll stopped; carried across continue-as-new. */
  cursor?: string;
  intervalMs: number;
  pageSize?: number;
  /** Polls per run before continuing as new (tests use a small one). */
  pollsPerRun?: number;
}

export const pollerStatusQuery = wf.defineQuery<{ connector: string; cursor?: string; polls: number; changes: number }>('pollerStatus');

const { pollCrm } = wf.proxyActivities<Pick<Activities, 'pollCrm'>>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '1 minute',
  // Bounded, like CRM writes: changes made during an outage come in within a minute of the CRM healing.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['ConnectorOff'] },
});

/**
 * One durable poller per connection: its cursor lives in workflow state, so a worker restart
 * resumes exactly where the last completed poll left off (nothing missed); a repeated page is
 * absorbed by the leads' dedupe (nothing doubled).
 */
export async function crmPoller(input: CrmPollerInput): Promise<void> {
  let { cursor } = input;
  let polls = 0;
  let changes = 0;
  wf.setHandler(pollerStatusQuery, () => ({ connector: input.connector, cursor, polls, changes }));
  const perRun = input.pollsPerRun ?? 200;
  while (polls < perRun && !wf.workflowInfo().continueAsNewSuggested) {
    const result = await pollCrm({ connector: input.connector, cursor, limit: input.pageSize ?? 100 });
    cursor = result.cursor;
    polls += 1;
    changes += result.count;
    if (!result.more) await wf.sleep(input.intervalMs);
  }
  await wf.continueAsNew<typeof crmPoller>({ ...input, cursor });
}
