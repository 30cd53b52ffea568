import type { Stage } from './stages.js';

/** What reconciliation did about one linked record. One constant each. */
export const RECONCILE_ACTIONS = {
  /** The record and its journey agree. */
  inSync: 'in-sync',
  /** The CRM's change was the more recent (or the journey has not changed stage since enrolment): the journey took it. */
  pulled: 'pulled',
  /** The journey's change was the more recent: the lead writes its stage to the record. */
  pushed: 'pushed',
  /** The CRM's newer value has no funnel stage in the connection's map: the lead's errors say so. */
  unmapped: 'unmapped',
  /** The CRM no longer has the record (deleted, or hidden from leadflow's user). */
  missing: 'missing',
  /** The record is linked to a lead whose journey is not running, or does not follow the record. */
  noJourney: 'no-journey',
} as const;
export type ReconcileAction = (typeof RECONCILE_ACTIONS)[keyof typeof RECONCILE_ACTIONS];

/** One record as its CRM holds it now, handed to the lead's journey to compare. */
export interface ReconcileRecordInput {
  connector: string;
  recordId: string;
  /** Names the pass, for the lead's history. */
  passId: string;
  /** Absent: the CRM no longer has the record. */
  crm?: {
    crmStage?: string;
    /** The funnel stage `crmStage` maps to, if the connection's map has one. */
    stage?: Stage;
    /** When the record's stage (or the record) last changed, ISO. */
    changedAt?: string;
    /** The funnel stages leadflow writes as `crmStage` (Zoho's `Qualification` is written for lead and contacted). */
    writtenFor: Stage[];
  };
}

/** What the journey made of it. */
export interface ReconcileRecordResult {
  action: ReconcileAction;
  /** The journey's stage after the comparison; absent without a journey. */
  journeyStage?: Stage;
  crmStage?: string;
  changedAt?: string;
  /** For `pulled`: the journey's stage before. */
  from?: Stage;
}

/** One line of a reconciliation report. */
export type ReconcileEntry = ReconcileRecordResult & { leadId: string; recordId: string };
