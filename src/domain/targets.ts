import { z } from 'zod';
import { timezoneSchema } from './lead.js';

/** A sales period: a year (`2026`), a quarter (`2026-Q4`) or a month (`2026-12`). */
export const PERIOD_PATTERN = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/;
/** A period as targets.yaml and `?period=` write it. */
export const periodSchema = z.string().regex(PERIOD_PATTERN, 'must be a year (2026), a quarter (2026-Q4) or a month (2026-12)');

/** One owner's target for one period (销售绩效: amount, new customers, conversion). */
export const targetSchema = z.strictObject({
  owner: z.string().min(1).max(200),
  period: periodSchema,
  /** Won value, in the file's currency. */
  amount: z.number().min(0).optional(),
  /** Deals won. */
  customers: z.number().int().min(0).optional(),
  /** Win rate of the deals closed in the period, a fraction (0.3 is 30%). */
  conversion: z.number().min(0).max(1).optional(),
});

/**
 * `journeys/targets.yaml`: sales targets per owner and period. Won value counts only deals in
 * `currency`; periods begin and end at midnight in `timezone` (so a December in Shanghai ends at
 * 16:00 UTC on the 31st).
 */
export const targetsSchema = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY').default('CNY'),
  timezone: timezoneSchema.default('Asia/Shanghai'),
  targets: z.array(targetSchema).default([]),
});
/** targets.yaml, parsed. */
export type Targets = z.infer<typeof targetsSchema>;
/** One owner's target for one period. */
export type Target = z.infer<typeof targetSchema>;
