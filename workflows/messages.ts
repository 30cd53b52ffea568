import { defineQuery, defineSignal } from '@temporalio/workflow';
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
