import { z } from 'zod';
import { attributesSchema } from './lead.js';
import { stageSchema } from './stages.js';

export const eventTypeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_.:-]{0,99}$/, 'must be lower case, start with a letter, and use only a-z 0-9 _ . : -');

export const leadEventSchema = z
  .object({
    /** The sender's id for this event; a second delivery with the same id has no effect. */
    id: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    type: eventTypeSchema,
    occurredAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset' }).optional(),
    stage: stageSchema.optional(),
    attributes: attributesSchema.optional(),
    /** Who sent it: `api`, a connector name, `journey`. Echo suppression keys on it. */
    source: z.string().max(100).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((event, ctx) => {
    if (event.type === 'stage.changed' && !event.stage) {
      ctx.addIssue({ code: 'custom', path: ['stage'], message: 'is required when type is stage.changed' });
    }
    if (event.type === 'attributes.updated' && !event.attributes) {
      ctx.addIssue({ code: 'custom', path: ['attributes'], message: 'is required when type is attributes.updated' });
    }
  });

export type LeadEvent = z.infer<typeof leadEventSchema>;

/** Types that count as the lead doing something (they reset "stale after N days"). */
export function isActivity(type: string): boolean {
  return !type.startsWith('journey.') && type !== 'email.bounced' && type !== 'email.complained';
}
