import { z } from 'zod';
import { buildDealSchema } from './deal.js';
import { buildEventSchemas } from './events.js';
import { buildLeadSchemas, regionInCountry, regionInCountryIssue } from './lead.js';

/** The schemas a journey checks its signals and its deal values with. */
export interface JourneyValidators {
  /**
   * The lead of an `upsertLead` signal: the HTTP schema without its Intl-based checks of locale
   * and time zone, so an ICU update can never change what a replay accepts (the edge checks them).
   */
  lead: z.ZodType<z.infer<ReturnType<typeof buildLeadSchemas>['leadObjectSchema']>>;
  /** A `leadEvent` signal: the same schema as at the HTTP edge. */
  event: ReturnType<typeof buildEventSchemas>['leadEventSchema'];
  /** A deal value an event carries. */
  deal: ReturnType<typeof buildDealSchema>;
}

let built: JourneyValidators | undefined;

/**
 * The journeys' own schemas, built on first use and then shared by every journey the worker runs.
 *
 * Why a set of their own: the worker evaluates `src/domain` once and shares it among journeys
 * (SHARED_WORKFLOW_MODULES, src/temporal/workflow-bundle.ts), which spares every journey building
 * all of leadflow's schemas again (about 1.6 MB and a third of its start-up CPU, docs/benchmarks.md).
 * The SDK freezes what it shares, and zod writes into a schema the first time it parses with it,
 * so the exported schemas cannot parse inside a journey. These are built after the freeze, in a
 * workflow, and are never exported as values of this module: nothing freezes them.
 * Workflow code uses them through `z.safeParse(schema, value)`.
 */
export function journeyValidators(): JourneyValidators {
  if (!built) {
    const lead = buildLeadSchemas();
    built = {
      lead: lead.leadObjectSchema.extend({ locale: z.string().max(100).optional(), timezone: z.string().max(100).optional() }).refine(regionInCountry, regionInCountryIssue()),
      event: buildEventSchemas(lead.attributesSchema).leadEventSchema,
      deal: buildDealSchema(),
    };
  }
  return built;
}
