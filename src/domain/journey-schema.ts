import { z } from 'zod';
import { durationSchema } from './duration.js';
import { attributeValueSchema } from './lead.js';
import { sendWindowSchema, windowChoiceSchema, weekdaySchema, clockTimeSchema } from './send-window.js';
import { stageSchema, STAGES } from './stages.js';
import { eventTypeSchema } from './events.js';
import { surveyConfigSchema } from './survey.js';
import { alertsSchema } from './alert-rules.js';

/** What marketing ops write in journeys/: the funnel's stage plans and the sequences they start. */

const stepIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower case letters, digits, - or _');
const templateNameSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must name a template folder (a-z 0-9 - _)');

export type Condition =
  | { event: string | string[]; within?: string }
  | { attribute: string; equals?: unknown; in?: unknown[]; exists?: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ event: z.union([eventTypeSchema, z.array(eventTypeSchema).min(1)]), within: durationSchema.optional() }),
    z.strictObject({
      attribute: z.string().min(1),
      equals: attributeValueSchema.optional(),
      in: z.array(attributeValueSchema).min(1).optional(),
      exists: z.boolean().optional(),
    }),
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
  ]),
);

const common = { id: stepIdSchema.optional() };

/** One schema per step kind; a step is an object with exactly one of these action keys. */
export const STEP_SCHEMAS = {
  send: z.strictObject({ ...common, send: templateNameSchema, window: windowChoiceSchema.optional() }),
  wait: z.strictObject({ ...common, wait: durationSchema }),
  waitUntil: z.strictObject({
    ...common,
    waitUntil: z
      .strictObject({
        date: z.iso.date('must be a date like 2026-12-24').optional(),
        weekday: weekdaySchema.optional(),
        time: clockTimeSchema.optional(),
      })
      .refine((w) => w.date || w.weekday || w.time, 'needs a date, a weekday or a time'),
  }),
  waitFor: z.strictObject({
    ...common,
    waitFor: z.strictObject({
      event: z.union([eventTypeSchema, z.array(eventTypeSchema).min(1)]),
      timeout: durationSchema,
      onEvent: stepIdSchema.optional(),
      onTimeout: stepIdSchema.optional(),
    }),
  }),
  branch: z.strictObject({
    ...common,
    branch: z.strictObject({ if: conditionSchema, then: stepIdSchema, else: stepIdSchema.optional() }),
  }),
  task: z.strictObject({
    ...common,
    task: z.strictObject({ title: z.string().min(1).max(500), due: durationSchema.optional(), notes: z.string().max(4000).optional() }),
  }),
  setStage: z.strictObject({ ...common, setStage: stageSchema }),
  goto: z.strictObject({ ...common, goto: stepIdSchema }),
  exit: z.strictObject({ ...common, exit: z.union([z.literal(true), z.string().min(1)]) }),
} as const;

export type StepKind = keyof typeof STEP_SCHEMAS;
export const STEP_KINDS = Object.keys(STEP_SCHEMAS) as StepKind[];
export type Step = { [K in StepKind]: z.infer<(typeof STEP_SCHEMAS)[K]> }[StepKind];

export function stepKind(step: Step): StepKind {
  return STEP_KINDS.find((k) => k in step)!;
}

/** Picks the step's schema by its action key so that errors speak of that kind of step. */
export const stepSchema = z.unknown().transform((raw, ctx): Step => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    ctx.addIssue({ code: 'custom', message: `a step must be an object with one of: ${STEP_KINDS.join(', ')}` });
    return z.NEVER;
  }
  const kinds = STEP_KINDS.filter((k) => k in raw);
  if (kinds.length !== 1) {
    const found = kinds.length ? `has ${kinds.join(' and ')}` : 'has none';
    ctx.addIssue({ code: 'custom', message: `a step needs exactly one of: ${STEP_KINDS.join(', ')} (this one ${found})` });
    return z.NEVER;
  }
  const result = STEP_SCHEMAS[kinds[0]!].safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: issue.path } as never);
    return z.NEVER;
  }
  return result.data as Step;
});

export const sequenceSchema = z.strictObject({
  name: templateNameSchema,
  description: z.string().optional(),
  /** Events that end the sequence at once. Replies and unsubscribes always do. */
  exitOn: z.array(eventTypeSchema).default([]),
  window: windowChoiceSchema.optional(),
  /** Subject prefix for markets that require one: one for all, or per locale (`zh-CN: 「广告」`). */
  subjectPrefix: z.union([z.string().max(40), z.record(z.string(), z.string().max(40))]).optional(),
  /** Marketing mail obeys unsubscribes, windows and caps; transactional mail (a quote, a receipt) is labelled as such. */
  category: z.enum(['marketing', 'transactional']).default('marketing'),
  steps: z.array(stepSchema).min(1, 'a sequence needs at least one step'),
});
export type SequenceDefinition = z.infer<typeof sequenceSchema>;

export const stagePlanSchema = z.strictObject({
  sequence: templateNameSchema.optional(),
  sendWindow: sendWindowSchema.optional(),
  followUp: z.strictObject({ every: durationSchema, task: z.string().min(1).max(500) }).optional(),
  staleAfter: durationSchema.optional(),
  /** A satisfaction survey some time after entering the stage (usually `won`). */
  survey: surveyConfigSchema.optional(),
  /** What of this stage reaches the owner in chat; overrides the funnel's `alerts` per moment. */
  alerts: alertsSchema.optional(),
});
export type StagePlan = z.infer<typeof stagePlanSchema>;

export const funnelSchema = z.strictObject({
  name: z.string().min(1).default('default'),
  sendWindow: sendWindowSchema.optional(),
  frequencyCap: z.strictObject({ max: z.number().int().min(1), per: durationSchema }).optional(),
  /** What reaches the lead's owner in chat (team.yaml says where): a rule per moment, or false. */
  alerts: alertsSchema.optional(),
  stages: z.partialRecord(stageSchema, stagePlanSchema).refine((s) => Object.keys(s).length > 0, {
    message: `name at least one of: ${STAGES.join(', ')}`,
  }),
});
export type FunnelDefinition = z.infer<typeof funnelSchema>;

/** A template's parts for one locale, as Liquid source. */
export interface TemplateSource {
  subject: string;
  html: string;
  text?: string;
  /** The layout from templates/_layouts to wrap the HTML in; `false` for none; default `default`. */
  layout?: string | false;
}

/** Layouts and partials (templates/_layouts, templates/_partials): name → locale → Liquid source. */
export interface SharedTemplates {
  layouts: Record<string, Record<string, string>>;
  partials: Record<string, Record<string, string>>;
}

/**
 * What a lead carries once it enters a sequence: the definition and every template it names,
 * frozen, with the content hash that names this version. Editing files never reaches it.
 */
export interface SequenceSnapshot {
  name: string;
  hash: string;
  definition: SequenceDefinition;
  templates: Record<string, Record<string, TemplateSource>>;
  shared: SharedTemplates;
  /** The templates are in the snapshot store under `hash`, not in this object (journeys since v0.2). */
  stored?: boolean;
}

export interface FunnelSnapshot {
  hash: string;
  definition: FunnelDefinition;
}
