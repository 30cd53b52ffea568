import { z } from 'zod';
import { ownValue } from '../../src/domain/own-key.js';
import { STAGES, stageSchema, type Stage } from '../../src/domain/stages.js';

/**
 * How one CRM's stage values map to the funnel and back. Inbound, many CRM values may map to one
 * stage (Zoho's `Closed Lost` and `Closed Lost to Competition` are both `lost`); outbound, each
 * funnel stage names the one value to write. Values the map lacks are errors, never guesses.
 */
export const stageMapSchema = z.strictObject({
  inbound: z.record(z.string().min(1), stageSchema),
  outbound: z.partialRecord(stageSchema, z.string().min(1)).default({}),
});
export type StageMapConfig = z.infer<typeof stageMapSchema>;

export interface StageMap {
  toFunnel(crmStage: string): Stage | undefined;
  toCrm(stage: Stage): string | undefined;
  readonly config: StageMapConfig;
}

/** The defaults of a connector, overridden value by value by the connection's own map. */
export function stageMap(defaults: StageMapConfig, override?: Partial<StageMapConfig>): StageMap {
  const inbound = { ...defaults.inbound, ...override?.inbound };
  const outbound: Partial<Record<Stage, string>> = { ...defaults.outbound, ...override?.outbound };
  // A funnel stage without an outbound value writes the first CRM value that maps to it.
  for (const stage of STAGES) {
    outbound[stage] ??= Object.entries(inbound).find(([, s]) => s === stage)?.[0];
  }
  return {
    config: { inbound, outbound },
    // CRM values are outside input: `constructor` or `valueOf` must find nothing, not a prototype's function.
    toFunnel: (crmStage) => ownValue(inbound, crmStage),
    toCrm: (stage) => ownValue(outbound, stage),
  };
}
