import { z } from '@hono/zod-openapi';
import { parseDuration } from '../domain/duration.js';
import { stageSchema } from '../domain/stages.js';
import { periodSchema } from '../domain/targets.js';
import { problem } from './problems.js';

/** An instant or a date (midnight UTC), as the insight API's `from` and `to` take them. */
export const instantParam = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).or(z.iso.date({ message: 'must be an ISO 8601 date or date-time' }));
const segmentParam = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
/** `?format=json|csv`: spreadsheets take the CSV. */
export const formatParam = z.enum(['json', 'csv']).default('json');

/** `?from&to&source&owner&stage&currency&format&table` of `GET /api/funnel`. */
export const funnelQuery = z.object({
  from: instantParam.optional(),
  to: instantParam.optional(),
  source: segmentParam.optional(),
  owner: segmentParam.optional(),
  stage: stageSchema.optional().openapi({ description: 'the funnel starts here: the cohort is the leads that reached this stage in the period' }),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY').optional(),
  format: formatParam,
  table: z.enum(['stages', 'weeks', 'sources', 'owners']).default('stages').openapi({ description: 'which table ?format=csv returns' }),
});

/** `?from&to&format` of the reads over a period. */
export const periodQuery = z.object({
  from: instantParam.optional(),
  to: instantParam.optional(),
  format: formatParam,
});

/** `GET /api/sequences/:name/stats`: the period and how soon a move counts for a send. */
export const statsQuery = periodQuery.extend({
  within: z.string().default('7d').openapi({ description: 'a move to a later stage this soon after a send counts for the send (7d, 48h)' }),
});

/** `GET /api/owners`: the sales period of the scorecards. */
export const ownersQuery = z.object({ period: periodSchema.optional(), format: formatParam });

/** `from` before `to`, both as instants; a 400 naming `to` otherwise. */
export function periodOf(q: { from?: string; to?: string }): { from?: Date; to?: Date } {
  const period = { from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined };
  if (period.from && period.to && period.from >= period.to) throw problem(400, { error: 'invalid_request', message: 'to: must be after from', issues: [{ field: 'to', problem: 'must be after from' }] });
  return period;
}

/** A duration parameter, or a 400 naming it. */
export function durationParam(field: string, text: string): number {
  try {
    return parseDuration(text);
  } catch (err) {
    throw problem(400, { error: 'invalid_request', message: `${field}: ${(err as Error).message}`, issues: [{ field, problem: (err as Error).message }] });
  }
}
