import { z } from 'zod';
import { identifierSchema, nameSchema } from '../../src/domain/safe-text.js';
import { stageSchema } from '../../src/domain/stages.js';
import { boundedInstantSchema } from '../../src/domain/time-bounds.js';

/**
 * What any system posts to `/webhooks/generic`: one or more record changes. `stage` is the
 * sender's own value; the connection's stage map (journeys/connectors/generic.yaml) translates
 * it, and by default leadflow's own stage names are understood as they are.
 */
export const genericEventSchema = z.object({
  /** The sender's event id; `webhook-id` is used when absent. */
  id: identifierSchema(200).optional(),
  recordId: identifierSchema(200),
  stage: identifierSchema(200),
  occurredAt: boundedInstantSchema.optional(),
  email: z.email().optional(),
  name: nameSchema(200).optional(),
  owner: nameSchema(200).optional(),
});
export const genericBatchSchema = z.object({ events: z.array(genericEventSchema).min(1).max(500) });
export type GenericEvent = z.infer<typeof genericEventSchema>;

/** leadflow's stages map to themselves unless the connection says otherwise. */
export const GENERIC_DEFAULT_STAGES = {
  inbound: Object.fromEntries(stageSchema.options.map((s) => [s, s])) as Record<string, z.infer<typeof stageSchema>>,
  outbound: {},
};
