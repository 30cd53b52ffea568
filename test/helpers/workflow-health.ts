import type { Client } from '@temporalio/client';
import { leadWorkflowId } from '../../src/domain/lead.js';

/**
 * How many workflow tasks of a lead's journey failed, read from its history as Temporal keeps it:
 * a journey that failed none has never been jammed, whatever its query says.
 */
export async function failedWorkflowTasks(client: Client, leadId: string): Promise<number> {
  const history = await client.workflow.getHandle(leadWorkflowId(leadId)).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes).length;
}
