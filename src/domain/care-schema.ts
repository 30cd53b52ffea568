import { z } from 'zod';
import { clockTimeSchema } from './send-window.js';
import { stageSchema } from './stages.js';
import { countrySchema } from './lead.js';

/**
 * `journeys/care.yaml`: the messages a customer gets because of a date, not a step: a greeting on
 * their birthday and on holidays. Read when each occasion is planned, so an edit reaches every
 * customer from their next occasion on; each occasion goes out once per lead and cycle whatever
 * is edited (the key is the occasion's `key` and its year).
 */

const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a month and day like 01-01');
const occasionKeySchema = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower case letters, digits, - or _');
const templateNameSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must name a template folder (a-z 0-9 - _)');

/** Who gets an occasion: any of the stages, and (when given) any of the locales and countries. */
export const audienceSchema = z.strictObject({
  stages: z.array(stageSchema).min(1).default(['won']),
  /** Language prefixes: `zh` matches zh-CN and zh-TW. */
  locales: z.array(z.string().min(2).max(20)).min(1).optional(),
  countries: z.array(countrySchema).min(1).optional(),
});
export type Audience = z.infer<typeof audienceSchema>;

/** When care mail goes out: its own hour on the lead's clock, on any day (weekends and holidays too). */
const careTimeSchema = clockTimeSchema.default('10:00');

export const occasionSchema = z
  .strictObject({
    key: occasionKeySchema,
    template: templateNameSchema,
    /** A Gregorian month and day, every year (`01-01`, `12-25`). */
    date: monthDay.optional(),
    /** A Chinese lunar month and day (`01-01` Spring Festival, `08-15` Mid-Autumn; `12-30` is 除夕, the last day of month 12). */
    lunar: monthDay.optional(),
    /** A solar term by its Chinese name (`清明`). */
    term: z.string().min(2).max(4).optional(),
    daysBefore: z.number().int().min(0).max(30).default(0),
    time: clockTimeSchema.optional(),
    audience: audienceSchema.default({ stages: ['won'] }),
  })
  .refine((o) => [o.date, o.lunar, o.term].filter(Boolean).length === 1, { message: 'needs exactly one of date, lunar or term' });
export type Occasion = z.infer<typeof occasionSchema>;

export const careSchema = z.strictObject({
  /** The hour care mail goes out on the lead's clock. */
  time: careTimeSchema,
  /**
   * relationship (default): not advertising, so no 「广告」 prefix, but an unsubscribe, bounce or
   * complaint stops it like marketing. marketing: also takes the sequences' rules for ads.
   */
  category: z.enum(['relationship', 'marketing']).default('relationship'),
  /** Whether care mail counts towards the funnel's frequency cap (it never waits for it). */
  countsTowardCap: z.boolean().default(false),
  /** Prefix for subjects when category is marketing: one for all, or per locale. */
  subjectPrefix: z.union([z.string().max(40), z.record(z.string(), z.string().max(40))]).optional(),
  birthday: z
    .strictObject({
      template: templateNameSchema.default('birthday'),
      stages: z.array(stageSchema).min(1).default(['won']),
      time: clockTimeSchema.optional(),
      /** A 29 February birthday in a common year: on 28 February (default) or 1 March. */
      feb29: z.enum(['feb28', 'mar1']).default('feb28'),
      /**
       * A birthday in a leap month (闰月): in its leap month in years that have it, else in the
       * regular month of that number (`leapIfPresent`, default); or always the regular month (`regular`).
       */
      leapMonth: z.enum(['leapIfPresent', 'regular']).default('leapIfPresent'),
      /** A lunar day 30 in a 29-day month: the last day of the month (default), or the first of the next. */
      day30: z.enum(['lastDay', 'nextDay1']).default('lastDay'),
    })
    .optional(),
  occasions: z.array(occasionSchema).default([]),
});
export type CareDefinition = z.infer<typeof careSchema>;

/**
 * An occasion whose hour passed this recently still goes out: a second greeting due at the same
 * hour, a customer won on their birthday morning, a worker that was down for a while. Older ones
 * wait for next year: a greeting a day late is worse than none.
 */
export const CARE_GRACE_MS = 6 * 3_600_000;
