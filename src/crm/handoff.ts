import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { CrmChange } from '../../connectors/connector.js';
import type { LeadEvent } from '../domain/events.js';
import { leadIdSchema, leadSchema, leadWorkflowId } from '../domain/lead.js';
import { stripControls, textProblem } from '../domain/safe-text.js';
import { clampFuture } from '../domain/time-bounds.js';
import type { CrmStore } from '../store/crm-store.js';
import { DEAL_UPDATED } from '../domain/facts.js';
import { leadEventSignal } from '../../workflows/messages.js';
import type { LeadJourneyFn } from '../../workflows/journey-input.js';
import type { ConfiguredConnector } from './configured.js';

export interface HandOffResult {
  accepted: number;
  /** Changes for records no lead is linked to, and that carry no e-mail to enrol one with. */
  unmatched: number;
  /** Changes whose record id no store or journey can hold (control characters): dropped. */
  rejected: number;
}

/** What the lead's journey receives for one CRM change: a stage change, or a clear error event. */
export function leadEventFor(connector: ConfiguredConnector, change: CrmChange, now = Date.now()): LeadEvent {
  // A CRM's clock far ahead would freeze the lead's stage (every later change looks older).
  const base = { id: `${connector.name}:${change.eventId}`, source: connector.name, occurredAt: clampFuture(change.occurredAt, now) };
  const data = { record: change.record.id, crmStage: change.crmStage, ...(change.deal ? { deal: change.deal } : {}) };
  // An amount changed and nothing else: the deal's value, not a stage question.
  if (change.crmStage === undefined && change.deal) return { ...base, type: DEAL_UPDATED, data };
  const stage = change.crmStage === undefined ? undefined : connector.stages.toFunnel(change.crmStage);
  if (stage) return { ...base, type: 'stage.changed', stage, data };
  return { ...base, type: 'crm.unmapped_stage', data };
}

/** What the CRM knows of the person, with the control characters a CRM may hold dropped. */
function personOf(change: CrmChange) {
  const clean = (text: string | undefined) => (text === undefined ? undefined : stripControls(text));
  return { email: change.lead?.email, name: clean(change.lead?.name), owner: clean(change.lead?.owner) };
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
  let rejected = 0;
  for (const change of changes) {
    // Webhook payloads are checked by their connector; polled and fetched records are not, and one
    // NUL in an id would fail the database call for the whole page, on every retry.
    if (textProblem(change.record.id) || textProblem(change.eventId)) {
      rejected += 1;
      continue;
    }
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
    const lead = leadSchema.safeParse({ id, ...personOf(change), crm: [change.record] });
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
  return { accepted, unmatched, rejected };
}
