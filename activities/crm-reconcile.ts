import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/common';
import { RECONCILE_ACTIONS, type ReconcileEntry, type ReconcileRecordInput } from '../src/domain/crm-reconcile.js';
import { leadWorkflowId } from '../src/domain/lead.js';
import { STAGES } from '../src/domain/stages.js';
import type { Connectors } from '../src/crm/configured.js';
import type { CrmLink, CrmStore } from '../src/store/crm-store.js';
import { reconcileRecordUpdate } from '../workflows/messages.js';
import { crmFailure } from './crm-failures.js';
import type { InboundDeps } from './crm-inbound.js';

/** One page of a reconciliation pass. */
export interface ReconcilePageInput {
  connector: string;
  /** Only this lead's records; otherwise one page of the connection's links. */
  leadId?: string;
  /** The last record id of the page before. */
  after?: string;
  limit: number;
  /** Names the pass: update ids derive from it, so a retried page has one effect per record. */
  passId: string;
}

/** What each journey of the page did, and where the next page starts. */
export interface ReconcilePage {
  entries: ReconcileEntry[];
  /** Where the next page starts; absent after the last. */
  next?: string;
}

/** A journey that is between runs (continue-as-new) may refuse an update for a moment. */
const UPDATE_TRIES = 3;

/** Reconciliation's activity: it reads CRMs (connectors), finds the links (store) and tells journeys (Temporal client). */
export function crmReconcileActivities(connectors: Connectors, crm: CrmStore, deps?: InboundDeps) {
  return {
    /**
     * One page of reconciliation: the records' stage now, read from the CRM in as few calls as
     * it allows, each handed to its lead's journey, which compares and repairs (see the
     * reconcileRecord update). Returns what each journey did.
     */
    async reconcileCrmLinks(input: ReconcilePageInput): Promise<ReconcilePage> {
      const connector = connectors.get(input.connector);
      if (!connector) throw ApplicationFailure.nonRetryable(`${input.connector} is not configured on the workers: set its variables there (see the README)`, 'ConnectorOff');
      if (!connector.readStages) throw ApplicationFailure.nonRetryable(`${input.connector} cannot read its records, so there is nothing to reconcile against`, 'ConnectorOff');
      if (!deps) throw ApplicationFailure.nonRetryable('this worker has no Temporal client for reconciliation', 'ConnectorOff');
      const links = input.leadId ? await crm.linksOfLead(input.leadId, input.connector) : await crm.linksPage(input.connector, input.after, input.limit);
      let states;
      try {
        states = await connector.readStages(links.map((l) => ({ connector: connector.name, id: l.recordId, module: l.module })));
      } catch (err) {
        return crmFailure(err);
      }
      heartbeat();
      const byId = new Map(states.map((s) => [s.id, s]));
      const entries: ReconcileEntry[] = [];
      for (const link of links) {
        const state = byId.get(link.recordId);
        const crmStage = state?.crmStage;
        const record: ReconcileRecordInput = {
          connector: input.connector,
          recordId: link.recordId,
          passId: input.passId,
          crm: state && {
            crmStage,
            stage: crmStage === undefined ? undefined : connector.stages.toFunnel(crmStage),
            changedAt: state.stageChangedAt ?? state.modifiedAt,
            writtenFor: STAGES.filter((s) => crmStage !== undefined && connector.stages.toCrm(s) === crmStage),
          },
        };
        entries.push({ leadId: link.leadId, recordId: link.recordId, ...(await tellJourney(deps, link, record)) });
        heartbeat();
      }
      const more = !input.leadId && links.length === input.limit;
      return { entries, next: more ? links.at(-1)!.recordId : undefined };
    },
  };
}

async function tellJourney(deps: InboundDeps, link: CrmLink, record: ReconcileRecordInput) {
  const handle = deps.client.workflow.getHandle(leadWorkflowId(link.leadId));
  for (let attempt = 1; ; attempt++) {
    try {
      return await handle.executeUpdate(reconcileRecordUpdate, { args: [record], updateId: `${record.passId}:${record.connector}:${record.recordId}` });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { action: RECONCILE_ACTIONS.noJourney };
      if (attempt >= UPDATE_TRIES) throw err;
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
}
