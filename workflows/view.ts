import type { TaskRecord } from '../activities/types.js';
import { stepKind } from '../src/domain/journey-schema.js';
import { crmRecordsView, type CrmRecordView } from './crm-sync-view.js';
import type { Lead } from '../src/domain/lead.js';
import type { Stage } from '../src/domain/stages.js';
import type { JourneyState, SentEmail, StageChange, SurveyState } from './state.js';

export interface NextAction {
  kind: 'email' | 'wait' | 'task' | 'follow-up' | 'stale-alert' | 'paused' | 'care' | 'survey';
  what: string;
  at?: string;
}

/** What `GET /api/leads/:id` and the CLI show of a journey. */
export interface JourneyView {
  lead: Lead;
  stage: Stage;
  stageEnteredAt: string;
  history: StageChange[];
  funnelVersion?: string;
  sequence?: {
    name: string;
    version: string;
    step: number;
    stepId?: string;
    stepKind?: string;
    status: string;
    exitReason?: string;
  };
  next: NextAction[];
  nextActionAt?: string;
  paused: boolean;
  suppressed?: string;
  emails: SentEmail[];
  tasks: TaskRecord[];
  ignored: JourneyState['ignored'];
  errors: JourneyState['errors'];
  /** Each linked CRM record against the journey's stage: in sync, or the write pending or refused, and why. */
  crm: CrmRecordView[];
  /** The latest events the journey received (engagement, custom, stage), newest last. */
  recentEvents: { type: string; at: string }[];
  /** How many runs (continue-as-new generations) this journey has had. */
  runs: number;
  /** Satisfaction surveys: sent when, answered with what (the latest answer). */
  surveys: SurveyState[];
  /** Care mail: the next occasion and the ones already sent (`birthday/2027`). */
  care?: { next?: { occasion: string; date: string; at: string }; sent: string[] };
}

export function journeyView(state: JourneyState, pending: Record<string, NextAction | undefined>): JourneyView {
  const cursor = state.sequence;
  const step = cursor?.snapshot.definition.steps[cursor.pc];
  const next = Object.values(pending)
    .filter((a): a is NextAction => a !== undefined)
    .sort((a, b) => (a.at ?? '9').localeCompare(b.at ?? '9'));
  return {
    lead: state.lead,
    stage: state.stage,
    stageEnteredAt: new Date(state.stageEnteredAt).toISOString(),
    history: state.history,
    funnelVersion: state.funnel?.hash.slice(0, 12),
    sequence: cursor && {
      name: cursor.snapshot.name,
      version: cursor.snapshot.hash.slice(0, 12),
      step: cursor.pc,
      stepId: step?.id,
      stepKind: step && stepKind(step),
      status: cursor.status,
      exitReason: cursor.exitReason,
    },
    next,
    nextActionAt: next.find((a) => a.at)?.at,
    paused: state.paused,
    suppressed: state.suppressed,
    emails: state.emails,
    tasks: state.tasks,
    ignored: state.ignored,
    errors: state.errors,
    crm: crmRecordsView(state),
    recentEvents: state.recentEvents.slice(-20).map((e) => ({ type: e.type, at: new Date(e.at).toISOString() })),
    runs: state.runs,
    surveys: Object.values(state.surveys ?? {}),
    care: state.care && { next: state.care.next && { occasion: state.care.next.occasion, date: state.care.next.date, at: state.care.next.at }, sent: state.care.sent },
  };
}
