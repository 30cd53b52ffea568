import { z } from 'zod';
import { durationSchema } from './duration.js';
import { eventTypeSchema } from './events.js';
import type { Stage } from './stages.js';

/**
 * The moments of a lead's journey that reach its owner in chat. One name each, used in
 * `funnel.yaml` (`alerts:`), in idempotency keys and in the store, so they are spelled once here.
 */
export const MOMENTS = {
  /** A follow-up task of the stage's cadence (`followUp.every`). */
  followUp: 'task.follow-up',
  /** The stale alert: nothing from the lead for `staleAfter`. */
  stale: 'task.stale',
  /** A `task:` step of a sequence. */
  sequenceTask: 'task.sequence',
  /** A survey answer at or below `lowScore`. */
  lowScore: 'survey.low-score',
  /** The lead clicked, replied, booked a demo, or its engagement score crossed the line. */
  hot: 'lead.hot',
  won: 'stage.won',
  lost: 'stage.lost',
  /** A stage, task or note leadflow could not write to a CRM. */
  crmWriteFailed: 'crm.write-failed',
} as const;
export type MomentKind = (typeof MOMENTS)[keyof typeof MOMENTS];
export const MOMENT_KINDS = Object.values(MOMENTS) as MomentKind[];

/** Messages to the team that are not one lead's moment. */
export const TEAM_MESSAGES = { digest: 'owner.digest', check: 'team.check' } as const;
export type TeamMessageKind = MomentKind | (typeof TEAM_MESSAGES)[keyof typeof TEAM_MESSAGES];

/** The task origins createTask knows, and the moment each one is. */
export const TASK_MOMENTS = { 'follow-up': MOMENTS.followUp, stale: MOMENTS.stale, sequence: MOMENTS.sequenceTask, survey: MOMENTS.lowScore } as const;

const ruleSchema = z.strictObject({
  /** Goes out at once, through the owner's quiet hours. */
  urgent: z.boolean().optional(),
  /** lead.hot: the events that make a lead hot. */
  events: z.array(eventTypeSchema).max(20).optional(),
  /** lead.hot: an engagement score at or above this, counted over `within` (opened 1, clicked 3, replied 5, other events 3). */
  score: z.number().int().min(1).max(1000).optional(),
  within: durationSchema.optional(),
  /** lead.hot: at most one alert per lead and event type in this time, so ten clicks are one message. */
  cooldown: durationSchema.optional(),
});

type Rule = z.infer<typeof ruleSchema>;

/** `false`, or a rule whose own problems are reported by field (a plain union would only say "Invalid input"). */
const ruleOrOff = z.unknown().transform((raw, ctx): Rule | false => {
  if (raw === false) return false;
  const parsed = ruleSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: issue.path } as never);
  return z.NEVER;
}) as unknown as z.ZodType<Rule | false>;

/** `alerts:` in funnel.yaml, at the top and per stage: a rule per moment, or `false` for none. */
export const alertsSchema = z.partialRecord(z.enum(MOMENT_KINDS as [MomentKind, ...MomentKind[]]), ruleOrOff);
export type Alerts = z.infer<typeof alertsSchema>;

/** A moment's rule once defaults, the funnel's and the stage's settings are merged. */
export interface AlertRule {
  urgent: boolean;
  events: string[];
  score?: number;
  within: string;
  cooldown: string;
}

const HOT_DEFAULTS = { events: ['email.replied', 'email.clicked', 'demo.booked'], score: 10, within: '7d', cooldown: '1d' };

/** Engagement weights of the hot-lead score; any other non-system event weighs `other`. */
export const ENGAGEMENT_WEIGHTS: Readonly<Record<string, number>> = { 'email.opened': 1, 'email.clicked': 3, 'email.replied': 5 };
const OTHER_WEIGHT = 3;
const SYSTEM_PREFIXES = ['stage.', 'journey.', 'attributes.', 'survey.', 'crm.', 'email.'];

/** How much one event adds to a lead's engagement score (bounces, unsubscribes and system events add nothing). */
export function engagementWeight(type: string): number {
  if (Object.hasOwn(ENGAGEMENT_WEIGHTS, type)) return ENGAGEMENT_WEIGHTS[type]!;
  if (type === 'unsubscribed' || SYSTEM_PREFIXES.some((p) => type.startsWith(p))) return 0;
  return OTHER_WEIGHT;
}

/**
 * The rule for a moment in a stage: the stage's `alerts` entry, else the funnel's, else on by
 * default (not urgent). `false` at either level turns it off; fields merge, the stage's winning.
 */
export function alertRule(funnel: { alerts?: Alerts; stages: Partial<Record<Stage, { alerts?: Alerts } | undefined>> } | undefined, stage: Stage, kind: MomentKind): AlertRule | undefined {
  const top = funnel?.alerts?.[kind];
  const own = funnel?.stages[stage]?.alerts?.[kind];
  if (own === false || (own === undefined && top === false)) return undefined;
  const merged = { ...(top || {}), ...(own || {}) };
  const hot = kind === MOMENTS.hot ? HOT_DEFAULTS : { events: [], within: '7d', cooldown: '1d' };
  return { urgent: merged.urgent ?? false, events: merged.events ?? [...hot.events], score: merged.score ?? (kind === MOMENTS.hot ? HOT_DEFAULTS.score : undefined), within: merged.within ?? hot.within, cooldown: merged.cooldown ?? hot.cooldown };
}
