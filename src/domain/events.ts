import { z } from 'zod';
import { attributesSchema, buildLeadSchemas } from './lead.js';
import { buildStageSchema } from './stages.js';
import { buildBoundedDataSchema } from './bounded-json.js';
import { identifierSchema, nameSchema } from './safe-text.js';
import { buildBoundedInstantSchema } from './time-bounds.js';

/**
 * Builds the event schemas anew, on the given lead attributes schema: leadflow uses one set (the
 * exports below); the journeys get their own from journeyValidators (src/domain/journey-validators.ts).
 */
export function buildEventSchemas(attributesSchema = buildLeadSchemas().attributesSchema) {
  const eventTypeSchema = z.string().regex(/^[a-z][a-z0-9_.:-]{0,99}$/, 'must be lower case, start with a letter, and use only a-z 0-9 _ . : -');
  const leadEventSchema = z
    .object({
      /** The sender's id for this event; a second delivery with the same id has no effect. */
      id: identifierSchema(200),
      type: eventTypeSchema,
      occurredAt: buildBoundedInstantSchema().optional(),
      stage: buildStageSchema().optional(),
      attributes: attributesSchema.optional(),
      /** Who sent it: `api`, a connector name, `journey`. Echo suppression keys on it. */
      source: nameSchema(100).optional(),
      /** Free-form JSON for templates and audits, bounded in depth and size. */
      data: buildBoundedDataSchema().optional(),
    })
    .superRefine((event, ctx) => {
      if (event.type === 'stage.changed' && !event.stage) {
        ctx.addIssue({ code: 'custom', path: ['stage'], message: 'is required when type is stage.changed' });
      }
      if (event.type === 'attributes.updated' && !event.attributes) {
        ctx.addIssue({ code: 'custom', path: ['attributes'], message: 'is required when type is attributes.updated' });
      }
    });
  return { eventTypeSchema, leadEventSchema };
}

/** The event schemas: built once at import, on the lead's attributes schema. */
export const { eventTypeSchema, leadEventSchema } = buildEventSchemas(attributesSchema);

export type LeadEvent = z.infer<typeof leadEventSchema>;

/** Types that count as the lead doing something (they reset "stale after N days"); a delivery receipt is the ESP's doing. */
export function isActivity(type: string): boolean {
  return !type.startsWith('journey.') && type !== 'email.bounced' && type !== 'email.complained' && type !== 'email.delivered';
}
