import type { Lead } from '../src/domain/lead.js';
import type { JourneyOptions } from './journey-run.js';
import type { JourneyState } from './state.js';

/** The workflow type name of a lead's journey, for clients that start or signal it. */
export const LEAD_JOURNEY = 'leadJourney';

/**
 * The options every journey on the time-skipping test server runs with (`journeys simulate`,
 * tests): it has no leadflow search attributes, and journeys there send and take their snapshots
 * as full activities (JourneyOptions.localActivities; care planning and the event log stay local).
 */
export const TEST_SERVER_JOURNEY_OPTIONS: Readonly<JourneyOptions> = { searchAttributes: false, localActivities: false };

export interface LeadJourneyInput {
  lead: Lead;
  /** Carried over by continue-as-new; absent when the lead is enrolled. */
  state?: JourneyState;
  options?: JourneyOptions;
}

/** The journey's signature, as clients type it without importing the workflow's code. */
export type LeadJourneyFn = (input: LeadJourneyInput) => Promise<void>;
