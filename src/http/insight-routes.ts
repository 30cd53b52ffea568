import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createRoute, OpenAPIHono, z, type RouteConfig } from '@hono/zod-openapi';
import { leadIdSchema } from '../domain/lead.js';
import { stageSchema } from '../domain/stages.js';
import { funnelReport } from '../insight/funnel-report.js';
import { currentMonth, periodBounds } from '../insight/periods.js';
import { scorecards } from '../insight/scorecards.js';
import type { JourneyLibrary } from '../journeys/library.js';
import type { InsightQueries } from '../store/insight-queries.js';
import type { InsightStore } from '../store/insight-store.js';
import { csvResponse } from './csv-response.js';
import { durationParam, formatParam, funnelQuery, ownersQuery, periodOf, periodQuery, statsQuery } from './insight-params.js';
import { problem } from './problems.js';
import { validationHook } from './validation.js';

/** The log and its queries, and the journeys folder for team.yaml and targets.yaml. */
export interface InsightRouteOptions {
  store: InsightStore;
  queries: InsightQueries;
  library: JourneyLibrary;
  /** The clock open stays and overdue tasks are measured on (tests pin it). */
  now?: () => Date;
}

const figures = { 200: { content: { 'application/json': { schema: z.record(z.string(), z.unknown()) }, 'text/csv': { schema: z.string() } }, description: 'The figures; ?format=csv for a spreadsheet' } };
const get = <P extends string, R extends NonNullable<RouteConfig['request']>>(path: P, summary: string, request: R) => createRoute({ method: 'get', path, summary, request, responses: figures });
const nameParam = z.object({ name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a sequence name from journeys/sequences') });

const FUNNEL_CSV = {
  stages: ['stage', 'now', 'entered', 'conversion', 'cumulative', 'stays', 'open', 'medianDays', 'p90Days', 'advanced', 'movedBack', 'lost'],
  weeks: ['week', 'entered', 'won', 'lost', 'winRate'],
  sources: ['key', 'leads', 'won', 'lost', 'openDeals', 'winRate', 'salesCycleDays', 'wonValue', 'pipelineValue', 'velocity', 'currency'],
  owners: ['key', 'leads', 'won', 'lost', 'openDeals', 'winRate', 'salesCycleDays', 'wonValue', 'pipelineValue', 'velocity', 'currency'],
};

/**
 * The numbers: the funnel, sequence step stats, rep scorecards, a lead's timeline and the lead
 * list, each as JSON or `?format=csv`. All of it is read from the event log.
 */
export function insightRoutes({ store, queries, library, now = () => new Date() }: InsightRouteOptions) {
  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.openapi(get('/api/funnel', 'Leads per stage now; for the cohort that entered in the period: conversion, time in stage, win rate, sales cycle, velocity; by source and owner', { query: funnelQuery }), async (c) => {
    const q = c.req.valid('query');
    const period = periodOf(q);
    // Every matching lead: the snapshot counts (`now`) are of all of them, the cohort's figures of some.
    const paths = await store.leadPaths({ owner: q.owner, source: q.source });
    const report = funnelReport(paths, { from: period.from?.getTime(), to: period.to?.getTime(), asOf: now().getTime(), startStage: q.stage, currency: q.currency });
    if (q.format === 'json') return c.json(report as unknown as Record<string, unknown>, 200);
    const rows = q.table === 'stages' ? report.stages.map((s) => ({ ...s, ...('timeInStage' in s ? s.timeInStage : {}), ...('outcomes' in s ? s.outcomes : {}) })) : q.table === 'weeks' ? report.weeks : q.table === 'sources' ? report.bySource : report.byOwner;
    return csvResponse(c, `funnel-${q.table}.csv`, FUNNEL_CSV[q.table], rows as Record<string, unknown>[]);
  });

  app.openapi(get('/api/sequences', 'The sequences in journeys/sequences, for the step stats', {}), async (c) => {
    const files = await readdir(join(library.dir, 'sequences')).catch(() => [] as string[]);
    return c.json({ sequences: files.filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort() }, 200);
  });

  app.openapi(get('/api/sequences/{name}/stats', 'Per sequence version and step: sent, delivered, opened, clicked, replied, unsubscribed, bounced, and leads that moved on within N days', { params: nameParam, query: statsQuery }), async (c) => {
    const { name } = c.req.valid('param');
    const q = c.req.valid('query');
    const withinMs = durationParam('within', q.within);
    const steps = await queries.sequenceStats(name, periodOf(q), withinMs);
    if (q.format === 'csv') return csvResponse(c, `${name}-stats.csv`, ['version', 'step', 'template', 'sent', 'delivered', 'opened', 'clicked', 'replied', 'unsubscribed', 'bounced', 'movedOn'], steps as unknown as Record<string, unknown>[]);
    return c.json({ sequence: name, within: q.within, ...periodOf(q), steps }, 200);
  });

  const cards = async (period?: string) => {
    const targets = await library.targets();
    const bounds = periodBounds(period ?? currentMonth(now(), targets.timezone), targets.timezone);
    return scorecards(await queries.ownerFigures(bounds, now(), targets.currency), await library.team(), targets, bounds);
  };
  const CARD_CSV = ['owner', 'name', 'openDeals', 'pipelineValue', 'tasksDue', 'tasksOverdue', 'staleDeals', 'wins', 'wonValue', 'lost', 'conversion', 'currency', 'target', 'attainment'];

  app.openapi(get('/api/owners', 'Rep scorecards for a period against journeys/targets.yaml', { query: ownersQuery }), async (c) => {
    const q = c.req.valid('query');
    const owners = await cards(q.period);
    if (q.format === 'csv') return csvResponse(c, 'owners.csv', CARD_CSV, owners as unknown as Record<string, unknown>[]);
    return c.json({ owners }, 200);
  });

  app.openapi(get('/api/owners/{owner}', 'One rep’s scorecard', { params: z.object({ owner: z.string().min(1).max(200) }), query: ownersQuery }), async (c) => {
    const { owner } = c.req.valid('param');
    const q = c.req.valid('query');
    const card = (await cards(q.period)).find((o) => o.owner === owner);
    if (!card) throw problem(404, { error: 'owner_not_found', message: `no owner ${owner} in team.yaml, targets.yaml or the leads` });
    if (q.format === 'csv') return csvResponse(c, `owner-${owner}.csv`, CARD_CSV, [card as unknown as Record<string, unknown>]);
    return c.json(card as unknown as Record<string, unknown>, 200);
  });

  app.openapi(get('/api/leads/{id}/timeline', 'Every fact of a lead with its reason: which sequence version and step sent which e-mail and why then, which webhook changed the stage', { params: z.object({ id: leadIdSchema }), query: z.object({ format: formatParam }) }), async (c) => {
    const { id } = c.req.valid('param');
    const facts = await store.timeline(id);
    if (!facts.length) throw problem(404, { error: 'lead_not_found', message: `the event log has nothing about lead ${id}` });
    if (c.req.valid('query').format === 'csv') return csvResponse(c, `timeline-${id}.csv`, ['at', 'type', 'stage', 'fromStage', 'source', 'sequence', 'version', 'step', 'reason', 'cause'], facts as unknown as Record<string, unknown>[]);
    return c.json({ leadId: id, facts }, 200);
  });

  app.openapi(get('/api/leads', 'The lead list, newest first, searched in id, name, e-mail, owner and source', {
    query: z.object({ search: z.string().max(200).optional(), stage: stageSchema.optional(), owner: z.string().min(1).max(200).optional(), limit: z.coerce.number().int().min(1).max(1000).default(50), offset: z.coerce.number().int().min(0).default(0), format: formatParam }),
  }), async (c) => {
    const q = c.req.valid('query');
    const leads = await store.leads(q);
    if (q.format === 'csv') return csvResponse(c, 'leads.csv', ['id', 'email', 'name', 'owner', 'source', 'stage', 'stageEnteredAt', 'enrolledAt', 'deal'], leads);
    return c.json({ leads, limit: q.limit, offset: q.offset }, 200);
  });

  return app;
}
