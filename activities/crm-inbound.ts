import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Connectors } from '../src/crm/configured.js';
import { handOffChanges } from '../src/crm/handoff.js';
import type { CrmStore } from '../src/store/crm-store.js';
import { crmFailure } from './crm-failures.js';

export interface PollInput {
  connector: string;
  cursor?: string;
  limit: number;
}

export interface PollResult {
  cursor?: string;
  count: number;
  accepted: number;
  unmatched: number;
  /** A full page came back: poll again at once. */
  more: boolean;
}

export interface InboundDeps {
  client: Client;
  taskQueue: string;
}

export function crmInboundActivities(connectors: Connectors, crm: CrmStore, deps?: InboundDeps) {
  return {
    /**
     * One page of changes after the cursor, handed to the leads' journeys before the new cursor is
     * returned. A crash in between repeats the page: the leads' dedupe by event id absorbs it.
     */
    async pollCrm({ connector: name, cursor, limit }: PollInput): Promise<PollResult> {
      const connector = connectors.get(name);
      if (!connector?.poll) throw ApplicationFailure.nonRetryable(`connector ${name} is not configured for polling`, 'ConnectorOff');
      if (!deps) throw ApplicationFailure.nonRetryable('this worker has no Temporal client for polling', 'ConnectorOff');
      let page;
      try {
        page = await connector.poll(cursor, limit);
      } catch (err) {
        return crmFailure(err);
      }
      heartbeat();
      const result = await handOffChanges(deps.client, deps.taskQueue, crm, connector, page.changes);
      return { cursor: page.cursor ?? cursor, count: page.changes.length, ...result, more: page.changes.length >= limit };
    },
  };
}
