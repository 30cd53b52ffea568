import { log } from '@temporalio/activity';
import type { CalendarRegistry } from '../src/calendar/work-calendar.js';
import { FACT, parseSendKey, type LeadFact, type LeadSummary } from '../src/domain/facts.js';
import type { InsightStore } from '../src/store/insight-store.js';
import type { CrmWriteInput, PushStageInput, PushStageResult } from './crm.js';
import type { SyncStageInput, SyncStageResult } from './crm-stage-sync.js';
import { explainSend } from './send-reason.js';
import { leadflowMetrics } from '../src/metrics/registry.js';
import type { CreateTaskInput, SendEmailInput, SendEmailResult, TaskRecord } from './types.js';

/** What the recorders need: the log, and the calendars a send's reason is worked out with. */
export interface InsightDeps {
  insight: InsightStore;
  calendars: CalendarRegistry;
}

type Async<I, O> = (input: I) => Promise<O>;
interface Recorded {
  sendEmail: Async<SendEmailInput, SendEmailResult>;
  createTask: Async<CreateTaskInput, TaskRecord>;
  pushStageToCrm: Async<PushStageInput, PushStageResult>;
  writeToCrms: Async<CrmWriteInput, { written: number; skipped: string[] }>;
  syncStageToCrm: Async<SyncStageInput, SyncStageResult>;
}

/** Counts a CRM call by its outcome, or as failed when it throws (it is then retried). */
async function counted<T>(connector: string, kind: string, call: () => Promise<T>, status: (result: T) => string): Promise<T> {
  const { crmCalls } = leadflowMetrics();
  try {
    const result = await call();
    crmCalls.inc({ connector, kind, status: status(result) });
    return result;
  } catch (err) {
    crmCalls.inc({ connector, kind, status: 'failed' });
    throw err;
  }
}

/** Every key leadflow makes starts with the lead's id, which holds no `/`. */
const leadOfKey = (key: string) => key.split('/')[0]!;

/** The event-log entry of one stage write to a CRM record, whichever activity made it. */
function stageWriteFact(input: { key: string; stage: LeadFact['stage']; record: { connector: string; id: string } }, result: { outcome: string; detail?: string; crmStage?: string }, key: string): LeadFact {
  const { connector, id } = input.record;
  return { key, leadId: leadOfKey(input.key), type: FACT.crmWrite, at: new Date().toISOString(), stage: input.stage, source: connector, reason: `stage ${input.stage} → ${connector} record ${id}: ${result.outcome}${result.detail ? ` (${result.detail})` : ''}`, data: { kind: 'stage', connector, record: id, outcome: result.outcome, crmStage: result.crmStage } };
}

/**
 * The event log's own activity (facts the journey decided: stage moves, inbound events), and the
 * recorders that make the activities with effects log what they did, in the same activity: a
 * send records its send, a task its task, a CRM write its write. No extra activity per fact.
 */
export function insightActivities({ insight, calendars }: InsightDeps, base: Recorded): Recorded & { recordFacts(input: { facts: LeadFact[]; lead?: LeadSummary }): Promise<number> } {
  // A CRM write is not repeated for its log entry: a failed entry is logged, and the write stands.
  const bestEffort = async (facts: LeadFact[]) => {
    await insight.record(facts).catch((err: Error) => log.warn('event log entry not written', { error: err.message }));
  };
  return {
    async recordFacts({ facts, lead }) {
      return insight.record(facts, lead);
    },

    /** A failed log write fails the send activity; its retry finds the ledger's `sent` and only logs. */
    async sendEmail(input) {
      const metrics = leadflowMetrics();
      const result = await base.sendEmail(input).catch((err: unknown) => {
        metrics.emails.inc({ outcome: 'failed', category: input.category });
        throw err;
      });
      metrics.emails.inc({ outcome: result.outcome, category: input.category });
      const { version, step } = parseSendKey(input.key);
      const suppressed = result.outcome === 'suppressed';
      const reason = suppressed ? `not sent: the address is ${result.suppressedBy}` : input.schedule ? await explainSend(calendars, input.schedule, input.at) : undefined;
      await insight.record([{
        key: `${input.key}/${suppressed ? 'suppressed' : 'sent'}`,
        leadId: input.lead.id,
        type: suppressed ? FACT.emailSuppressed : FACT.emailSent,
        at: input.at,
        stage: input.stage,
        source: 'journey',
        sendKey: input.key,
        sequence: input.sequence,
        version,
        step,
        owner: input.lead.owner,
        leadSource: input.lead.source,
        reason,
        data: { template: input.template, subject: result.subject, locale: result.locale, category: input.category, ...(input.survey ? { survey: input.survey.name } : {}), ...(input.variables?.occasion ? { occasion: input.variables.occasion } : {}) },
      }]);
      return result;
    },

    async createTask(input) {
      const task = await base.createTask(input);
      await insight.record([{ key: `${task.key}/task`, leadId: input.lead.id, type: FACT.taskCreated, at: task.createdAt, stage: input.stage, source: input.origin, owner: task.owner, leadSource: input.lead.source, reason: task.title, data: { dueAt: task.dueAt, origin: task.origin, ...(task.dueMovedFrom ? { dueMovedFrom: task.dueMovedFrom } : {}) } }]);
      return task;
    },

    async pushStageToCrm(input) {
      const result = await counted(input.record.connector, 'stage', () => base.pushStageToCrm(input), (r) => r.outcome);
      await bestEffort([stageWriteFact(input, result, `${input.key}/crm`)]);
      return result;
    },

    /** One attempt of a record's sync loop; each outcome of the attempts is logged once (its key ends in the outcome). */
    async syncStageToCrm(input) {
      const result = await counted(input.record.connector, 'stage', () => base.syncStageToCrm(input), (r) => r.outcome);
      await bestEffort([stageWriteFact(input, result, `${input.key}/crm/${result.outcome}`)]);
      return result;
    },

    async writeToCrms(input) {
      const connectors = [...new Set(input.records.map((r) => r.connector))].join(',');
      const result = await counted(connectors, input.kind, () => base.writeToCrms(input), (r) => (r.skipped.length ? 'skipped' : 'written'));
      const records = input.records.map((r) => `${r.connector} ${r.id}`).join(', ');
      await bestEffort([{ key: `${input.key}/crm-${input.kind}`, leadId: leadOfKey(input.key), type: FACT.crmWrite, at: new Date().toISOString(), source: 'journey', reason: `${input.kind} "${input.title}" → ${records}: ${result.written} written${result.skipped.length ? `, skipped: ${result.skipped.join('; ')}` : ''}`, data: { kind: input.kind, written: result.written, skipped: result.skipped.length } }]);
      return result;
    },
  };
}
