import type { StageMapConfig } from '../shared/stage-map.js';

/**
 * The pick-list values (`actual_value`) of Zoho's standard Deal pipeline and where they sit in
 * leadflow's funnel. Orgs rename and add stages: `leadflow connectors check` lists the real ones
 * (and the ones this map lacks), and a connection overrides this map value by value.
 *
 * - Zoho shows "Identify Decision Makers" but many orgs store `Id. Decision Makers` as the API
 *   value (the Pipeline API's `actual_value`), so both are mapped.
 * - Everything from first qualification to the value proposition is `qualified`: Zoho's open
 *   stages before the quote are all about confirming the need.
 * - `Closed Lost to Competition` is `lost` too; outbound, `lost` writes plain `Closed Lost`.
 */
export const ZOHO_DEFAULT_STAGES: StageMapConfig = {
  inbound: {
    Qualification: 'qualified',
    'Needs Analysis': 'qualified',
    'Value Proposition': 'qualified',
    'Identify Decision Makers': 'qualified',
    'Id. Decision Makers': 'qualified',
    'Perception Analysis': 'qualified',
    'Proposal/Price Quote': 'quoted',
    'Negotiation/Review': 'negotiating',
    'Closed Won': 'won',
    'Closed Lost': 'lost',
    'Closed Lost to Competition': 'lost',
  },
  outbound: {
    // A Zoho Deal exists once someone is qualifying a buyer: there is no stage for a lead nobody
    // has talked to, nor for "contacted". Both land in the first stage, `Qualification`, whose
    // echo reads back as `qualified`; the journey's write-ledger recognises that echo by value.
    // (Leads live in Zoho's Leads module, whose Lead_Status is not a Deal stage.)
    lead: 'Qualification',
    contacted: 'Qualification',
    // `qualified` writes the second stage, not the first, so that a deal leadflow moves forward
    // never lands back on the value `lead`/`contacted` also write.
    qualified: 'Needs Analysis',
    quoted: 'Proposal/Price Quote',
    negotiating: 'Negotiation/Review',
    won: 'Closed Won',
    lost: 'Closed Lost',
  },
};
