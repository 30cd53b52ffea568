import { z } from 'zod';

/**
 * The funnel, in order. `qualified` is "needs confirmed". `won` and `lost` end the sales part of a
 * lead's life, not the lead: care messages and surveys go on after them.
 */
export const STAGES = ['lead', 'contacted', 'qualified', 'quoted', 'negotiating', 'won', 'lost'] as const;

/** The stage schema, built anew on each call. A fresh copy for journeyValidators (src/domain/journey-validators.ts); everyone else uses `stageSchema`. */
export const buildStageSchema = () => z.enum(STAGES);
export const stageSchema = buildStageSchema();
export type Stage = z.infer<typeof stageSchema>;

export const STAGE_LABELS: Record<Stage, string> = {
  lead: 'Lead',
  contacted: 'Contacted',
  qualified: 'Needs confirmed',
  quoted: 'Quoted',
  negotiating: 'Negotiating',
  won: 'Won',
  lost: 'Lost',
};

/** Position in the funnel; a move to a lower rank is a move back, which is allowed and recorded. */
export function stageRank(stage: Stage): number {
  return STAGES.indexOf(stage);
}
