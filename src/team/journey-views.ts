import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { journeyQuery } from '../../workflows/messages.js';
import type { JourneyView } from '../../workflows/view.js';

const QUERY_DEADLINE_MS = 5_000;

/** A journey as it stands, asked of Temporal; undefined when the workflow is gone. */
export function journeyViewsVia(client: Client): (workflowId: string) => Promise<JourneyView | undefined> {
  return async (workflowId) => {
    try {
      return await client.connection.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => client.workflow.getHandle(workflowId).query(journeyQuery));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  };
}
