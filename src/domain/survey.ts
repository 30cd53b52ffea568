import { z } from 'zod';
import { durationSchema } from './duration.js';

/** The event that carries a customer's answer into their journey. */
export const SURVEY_ANSWERED = 'survey.answered';

/** nps: 0–10, "how likely are you to recommend us"; csat: 1–5, "how satisfied are you". */
export const SURVEY_SCALES = { nps: [0, 10], csat: [1, 5] } as const;
export type SurveyKind = keyof typeof SURVEY_SCALES;

/** A satisfaction survey on a stage of the funnel, e.g. `won: { survey: { name: post-purchase, kind: nps, after: 7d } }`. */
export const surveyConfigSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower case letters, digits, - or _'),
    kind: z.enum(['nps', 'csat']),
    /** After entering the stage; the mail then waits for the send window. */
    after: durationSchema,
    /** One reminder this long after the survey when there is no answer yet. */
    reminder: durationSchema.optional(),
    /** A score at or below this creates a task for the owner at once. */
    lowScore: z.number().int().min(0).max(10).optional(),
    template: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/).default('survey'),
    reminderTemplate: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/).default('survey-reminder'),
  })
  .refine((s) => s.lowScore === undefined || (s.lowScore >= SURVEY_SCALES[s.kind][0] && s.lowScore <= SURVEY_SCALES[s.kind][1]), {
    message: 'must be on the survey’s scale (nps 0–10, csat 1–5)',
    path: ['lowScore'],
  });
export type SurveyConfig = z.infer<typeof surveyConfigSchema>;

/** Every score of a scale, lowest first. */
export function scaleOf(kind: SurveyKind): number[] {
  const [lo, hi] = SURVEY_SCALES[kind];
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

/** NPS buckets: promoters 9–10, passives 7–8, detractors 0–6. */
export function npsBucket(score: number): 'promoter' | 'passive' | 'detractor' {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}
