import type { StageMapConfig } from '../shared/stage-map.js';

/**
 * The stage ids of HubSpot's default "Sales Pipeline" and where they sit in leadflow's funnel.
 * These internal ids are unconfirmed for any given portal (older and customised portals differ):
 * `leadflow connectors check` lists the real ones, and a connection overrides this map value by value.
 *
 * The rule: the funnel rank never falls as HubSpot's own win probability rises (20 % → 90 %), so
 * that a deal moving forward in HubSpot never reads as a move back in leadflow (which journeys
 * record and may react to). Hence:
 * - `presentationscheduled` (60 %) is `quoted`: in HubSpot's default process the presentation is
 *   where the solution and its price are put in front of the buyer, the nearest thing to an offer.
 * - `decisionmakerboughtin` (80 %) and `contractsent` (90 %) are both `negotiating`. Many funnels
 *   put "contract sent" before negotiation, but here it follows the decision maker's buy-in, so
 *   mapping it to `quoted` would move an advancing deal back from negotiating to quoted.
 *   Outbound, `negotiating` writes `decisionmakerboughtin`, the first of the two.
 * Every stage written round-trips (`toFunnel(toCrm(s)) === s`) except `lead`, below.
 */
export const HUBSPOT_DEFAULT_STAGES: StageMapConfig = {
  inbound: {
    appointmentscheduled: 'contacted',
    qualifiedtobuy: 'qualified',
    presentationscheduled: 'quoted',
    decisionmakerboughtin: 'negotiating',
    contractsent: 'negotiating',
    closedwon: 'won',
    closedlost: 'lost',
  },
  outbound: {
    // HubSpot's default pipeline has no stage before first contact: a deal exists once someone
    // is talking to the buyer. A lead pushed to HubSpot lands in the first stage, and its echo
    // reads back as `contacted`; the journey's write-ledger recognises the echo by its value.
    lead: 'appointmentscheduled',
  },
};
