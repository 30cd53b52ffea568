import type { Client } from '@temporalio/client';
import type { LeadEvent } from '../domain/events.js';
import { leadWorkflowId } from '../domain/lead.js';
import { leadEventSignal } from '../../workflows/messages.js';
import { withEnforcedDeadline } from './temporal-errors.js';

/** Hands one event to a lead's journey within `timeoutMs`; the event id makes a repeat harmless. */
export function signalLead(client: Client, leadId: string, event: LeadEvent, timeoutMs = 10_000): Promise<void> {
  return withEnforcedDeadline(client, timeoutMs, () => client.workflow.getHandle(leadWorkflowId(leadId)).signal(leadEventSignal, event));
}
