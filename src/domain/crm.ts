import { z } from 'zod';
import { identifierSchema } from './safe-text.js';

/** The CRMs leadflow connects to. */
export const CONNECTOR_NAMES = ['zoho', 'fxiaoke', 'hubspot', 'generic'] as const;
export const connectorNameSchema = z.enum(CONNECTOR_NAMES);
export type ConnectorName = z.infer<typeof connectorNameSchema>;

/** Builds the CRM record schema anew, for journeyValidators (src/domain/journey-validators.ts). */
export const buildCrmRecordSchema = () =>
  z.object({
    connector: z.enum(CONNECTOR_NAMES),
    id: identifierSchema(200),
    /** The vendor's module or object: `Deals`, `NewOpportunityObj`, `deals`. Defaults per connector. */
    module: identifierSchema(100).optional(),
  });
/** A record in a CRM that a lead is linked to: a Zoho Deal, a Fxiaoke NewOpportunityObj, a HubSpot deal. */
export const crmRecordSchema = buildCrmRecordSchema();
export type CrmRecordRef = z.infer<typeof crmRecordSchema>;
