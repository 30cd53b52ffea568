import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { CrmChange } from '../../connectors/connector.js';
import type { LeadEvent } from '../domain/events.js';
import { leadIdSchema, leadSchema, leadWorkflowId } from '../domain/lead.js';
import type { CrmStore } from '../store/crm-store.js';
import { leadEventSignal } from '../../workflows/messages.js';
import type { LeadJourneyFn } from '../../workflows/journey-input.js';
import type { ConfiguredConnector } from './configured.js';

export interface HandOffResult {
  accepted: number;
  /** Changes for records no lead is linked to, and that carry no e-mail to enrol one with. */
  unmatched: number;
}

/** What the lead's journey receives for one CRM change: a stage change, or a clear error event. */
export function leadEventFor(connector: ConfiguredConnector, change: CrmChange): LeadEvent {
  const base = { id: `${connector.name}:${change.eventId}`, source: connector.name, occurredAt: change.occurredAt };
  const data = { record: change.record.id, crmStage: change.crmStage };
  const stage = change.crmStage === undefined ? undefined : connector.stages.toFunnel(change.crmStage);
  if (stage) return { ...base, type: 'stage.changed', stage, data };
  return { ...base, type: 'crm.unmapped_stage', data };
}

/** A lead id for a record that has no lead yet: the connector and the record's id. */
function newLeadId(change: CrmChange): string | undefined {
  const id = `${change.record.connector}-${change.record.id}`.replace(/[^A-Za-z0-9._:~-]/g, '_');
  return leadIdSchema.safeParse(id).success ? id : undefined;
}

/**
 * Hands CRM changes to the journeys of their leads: each record's linked lead, or a new lead
 * enrolled from what the CRM knows. Returns once Temporal has every one of them.
 */
export async function handOffChanges(client: Client, taskQueue: string, crm: CrmStore, connector: ConfiguredConnector, changes: CrmChange[]): Promise<HandOffResult> {
  let accepted = 0;
  let unmatched = 0;
  for (const change of changes) {
    const event = leadEventFor(connector, change);
    const linked = await crm.leadFor(connector.name, change.record.id);
    if (linked) {
      try {
        await client.workflow.getHandle(leadWorkflowId(linked)).signal(leadEventSignal, event);
        accepted += 1;
        continue;
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
    const id = linked ?? newLeadId(change);
    const lead = leadSchema.safeParse({ id, email: change.lead?.email, name: change.lead?.name, owner: change.lead?.owner, crm: [change.record] });
    if (!id || !lead.success) {
      unmatched += 1;
      continue;
    }
    await crm.link(id, [change.record]);
    await client.workflow.signalWithStart<LeadJourneyFn, [LeadEvent]>('leadJourney', {
      workflowId: leadWorkflowId(id),
      taskQueue,
      args: [{ lead: lead.data }],
      signal: leadEventSignal,
      signalArgs: [event],
    });
    accepted += 1;
  }
  return { accepted, unmatched };
}
