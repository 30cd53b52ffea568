import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ReconcileRecordInput, ReconcileRecordResult } from '../src/domain/crm-reconcile.js';
import type { Lead } from '../src/domain/lead.js';
import type { LeadEvent } from '../src/domain/events.js';
import type { JourneyView } from './view.js';

// Message definitions, shared by the workflow and its clients (HTTP server, CLI, tests).

/** Enrol or update a lead: fields given replace the old ones; attributes are merged. */
export const upsertLeadSignal = defineSignal<[Lead]>('upsertLead');

/** Any inbound event: stage change, engagement, attributes, pause/resume, unsubscribe, custom. */
export const leadEventSignal = defineSignal<[LeadEvent]>('leadEvent');

/** The journey as it stands: stage, history, sequence and step, what happens next and when. */
export const journeyQuery = defineQuery<JourneyView>('journey');

/** Reconciliation: one linked record as its CRM holds it now; the journey answers what it did. */
export const reconcileRecordUpdate = defineUpdate<ReconcileRecordResult, [ReconcileRecordInput]>('reconcileRecord');
