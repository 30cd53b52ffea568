import type { Client } from '@temporalio/client';
import type { LeadEvent } from '../domain/events.js';
import { leadWorkflowId } from '../domain/lead.js';
import { leadEventSignal } from '../../workflows/messages.js';

/** Hands one event to a lead's journey; the event id makes a repeat harmless. */
export function signalLead(client: Client, leadId: string, event: LeadEvent, timeoutMs = 10_000): Promise<void> {
  return client.connection.withDeadline(Date.now() + timeoutMs, () => client.workflow.getHandle(leadWorkflowId(leadId)).signal(leadEventSignal, event));
}
