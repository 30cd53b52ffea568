import { ApplicationFailure, Context, heartbeat } from '@temporalio/activity';
import type { MomentKind } from '../src/domain/alert-rules.js';
import type { Lead } from '../src/domain/lead.js';
import type { Stage } from '../src/domain/stages.js';
import { deliverNotification, DeliveryBusyError, fallBackToEmail, type DeliveryOutcome } from '../src/team/deliver.js';
import type { MomentFacts } from '../src/team/moment-message.js';
import { raiseMoment, type RaisedMoment } from '../src/team/raise-moment.js';
import type { TeamDeps } from '../src/team/team-deps.js';

export interface RaiseMomentInput {
  key: string;
  kind: MomentKind;
  lead: Lead;
  stage: Stage;
  /** Workflow time of the moment. */
  at: string;
  urgent: boolean;
  hot?: MomentFacts['hot'];
  stageChange?: MomentFacts['stageChange'];
  error?: string;
}

const HEARTBEAT_MS = 2_000;
/** A busy claim is another attempt's lease (20 s): come back after it. */
const BUSY_RETRY_MS = 5_000;

/** The workflow that asked, when an activity runs inside one (not in a CLI check). */
export function callingWorkflowId(): string | undefined {
  try {
    return Context.current().info.workflowExecution?.workflowId;
  } catch {
    return undefined;
  }
}

export function notifyActivities(deps: TeamDeps) {
  return {
    /** A moment of a lead's journey (hot lead, won, lost, CRM write failed), handed on to its owner. */
    async raiseTeamMoment(input: RaiseMomentInput): Promise<RaisedMoment> {
      const { key, urgent, ...facts } = input;
      return raiseMoment(deps, facts, { key, alert: true, urgent, workflowId: callingWorkflowId() });
    },

    /**
     * Sends one queued message, once: heartbeats while the service answers, so a worker that dies
     * mid-send is noticed and another takes over; the ledger stops the retry from sending again.
     */
    async deliverTeamNotification({ key }: { key: string }): Promise<DeliveryOutcome> {
      const beat = setInterval(() => heartbeat(), HEARTBEAT_MS);
      try {
        heartbeat();
        return await deliverNotification(deps, key, Context.current().cancellationSignal);
      } catch (err) {
        if (err instanceof DeliveryBusyError) throw ApplicationFailure.create({ message: err.message, type: err.name, nextRetryDelay: BUSY_RETRY_MS });
        throw err;
      } finally {
        clearInterval(beat);
      }
    },

    /** E-mail to the owner instead, when their chat destination refused a message or stayed down. */
    async fallbackTeamNotification({ key, reason }: { key: string; reason: string }): Promise<'sent' | 'sent-before' | 'undeliverable'> {
      return fallBackToEmail(deps, key, reason);
    },
  };
}
