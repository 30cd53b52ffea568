import { createHash } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import { HTTPException } from 'hono/http-exception';
import { html } from 'hono/html';
import { stripControls } from '../domain/safe-text.js';
import { SURVEY_ANSWERED, SURVEY_SCALES, type SurveyKind } from '../domain/survey.js';
import type { LinkClaims, LinkTokens } from '../links/tokens.js';
import type { Logger } from '../logger.js';
import type { SurveyStore } from '../store/survey-store.js';
import { invalidLinkPage, page, pageLocale } from './pages.js';
import { problem } from './problems.js';
import { signalLead } from './signal-lead.js';
import { chooseScore, surveyPage, surveyThanksPage } from './survey-pages.js';
import { handOff } from './temporal-errors.js';
import { validationHook } from './validation.js';

export interface SurveyRouteOptions {
  client: Client;
  tokens: LinkTokens;
  surveys: SurveyStore;
  logger: Logger;
}

const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const isKind = (k: string | undefined): k is SurveyKind => k === 'nps' || k === 'csat';
const onScale = (kind: SurveyKind, n: number) => Number.isInteger(n) && n >= SURVEY_SCALES[kind][0] && n <= SURVEY_SCALES[kind][1];

const results = createRoute({
  method: 'get',
  path: '/api/surveys/{name}/results',
  summary: 'A survey’s results over the surveys sent in a period: sent, answered, response rate, NPS or CSAT',
  request: {
    params: z.object({ name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a survey name from funnel.yaml') }),
    query: z.object({
      from: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).or(z.iso.date()).optional(),
      to: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).or(z.iso.date()).optional(),
    }),
  },
  responses: { 200: { content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } }, description: 'The figures' } },
});

/**
 * The survey page and its answer (`/s/:token`, one signed token per score in the mail), and the
 * results API. A GET only shows the page; the answer is recorded by the POST the customer's click
 * sends, handed durably to the lead's journey before the thank-you page shows.
 */
export function surveyRoutes({ client, tokens, surveys, logger }: SurveyRouteOptions) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const claimsOf = (token: string): (LinkClaims & { sk: SurveyKind }) | undefined => {
    const claims = tokens.verify(token, 's');
    return claims && isKind(claims.sk) && claims.n ? (claims as LinkClaims & { sk: SurveyKind }) : undefined;
  };

  app.get('/s/:token', (c) => {
    const claims = claimsOf(c.req.param('token'));
    const locale = pageLocale(claims?.lc, c.req.header('accept-language'));
    if (!claims) return c.html(invalidLinkPage(locale), 400);
    return c.html(surveyPage(locale, claims.sk, claims.v, c.req.path));
  });

  app.post('/s/:token', async (c) => {
    const claims = claimsOf(c.req.param('token'));
    const locale = pageLocale(claims?.lc, c.req.header('accept-language'));
    if (!claims) return c.html(invalidLinkPage(locale), 400);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const score = Number(typeof form.score === 'string' ? form.score : claims.v);
    if (!onScale(claims.sk, score)) return c.html(surveyPage(locale, claims.sk, undefined, c.req.path, chooseScore(locale)), 400);
    // Line breaks stay; every other control character (a NUL among them) goes.
    const comment = typeof form.comment === 'string' ? form.comment.split(/\r\n?|\n/).map(stripControls).join('\n').trim().slice(0, 2000) : '';
    const event = {
      // The same answer posted twice (a double click) is one event; a changed answer is a new one.
      id: `survey:${short(claims.k)}:${short(`${score}\n${comment}`)}`,
      type: SURVEY_ANSWERED,
      source: 'survey-page',
      data: { instance: claims.k, score, ...(comment ? { comment } : {}) },
    };
    try {
      await handOff({ client, leadId: claims.l }, () => signalLead(client, claims.l, event));
    } catch (err) {
      if (!(err instanceof HTTPException)) throw err;
      if (err.status === 404) return c.html(invalidLinkPage(locale), 404);
      const retry = locale === 'zh' ? '暂时无法记录您的评价，请稍后再试。' : 'We could not record your answer just now. Please try again in a moment.';
      return c.html(page(locale, retry, html`<p>${retry}</p>`), 503, { 'retry-after': '5' });
    }
    logger.info({ leadId: claims.l, survey: claims.n }, 'survey answered');
    return c.html(surveyThanksPage(locale, score));
  });

  app.openapi(results, async (c) => {
    const { name } = c.req.valid('param');
    const { from, to } = c.req.valid('query');
    const period = { from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined };
    if (period.from && period.to && period.from >= period.to) throw problem(400, { error: 'invalid_request', message: 'to: must be after from', issues: [{ field: 'to', problem: 'must be after from' }] });
    return c.json((await surveys.results(name, period)) as unknown as Record<string, unknown>, 200);
  });

  return app;
}
