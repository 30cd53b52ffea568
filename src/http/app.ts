import { OpenAPIHono } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from '../logger.js';
import type { FileOutbox } from '../mail/outbox.js';
import { apiAuth } from './api-auth.js';
import { clientAbortLog, isClientAbort } from './client-aborts.js';
import { docsRoutes } from './docs-routes.js';
import { healthRoutes } from './health-routes.js';
import { pageHeaders } from './page-headers.js';
import { leadsRoutes } from './leads-routes.js';
import { outboxRoutes } from './outbox-routes.js';
import { problem } from './problems.js';
import { engagementRoutes } from './engagement-routes.js';
import { espRoutes } from './esp-routes.js';
import { webhookRoutes } from './webhook-routes.js';
import { surveyRoutes } from './survey-routes.js';
import type { SurveyStore } from '../store/survey-store.js';
import type { Connectors } from '../crm/configured.js';
import type { CrmStore } from '../store/crm-store.js';
import type { LinkTokens } from '../links/tokens.js';
import type { MailStore } from '../store/mail-store.js';
import { insightRoutes, type InsightRouteOptions } from './insight-routes.js';
import { metricsRoutes, requestMetrics } from './metrics-routes.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { dashboardSessions } from './dashboard-session.js';

export interface AppOptions {
  client: Client;
  taskQueue: string;
  apiToken: string;
  logger: Logger;
  /** Embedded mode's outbox, browsable at /outbox. */
  outbox?: FileOutbox;
  /** CRM webhooks: the configured connectors and the link table. */
  crm?: { connectors: Connectors; store: CrmStore };
  /** Unsubscribe, tracking, ESP events and replies: on when the store and link signing are given. */
  mail?: { store: MailStore; tokens: LinkTokens; espSecrets?: string[]; sendgridPublicKey?: string; surveys?: SurveyStore };
  maxBodyBytes?: number;
  callTimeoutMs?: number;
  /** The funnel, sequence stats, scorecards, timelines, lead list, dashboard and metrics. */
  insight?: InsightRouteOptions;
  /** DASHBOARD_PASSWORD, for the dashboard's login besides the API token. */
  dashboardPassword?: string;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/**
 * The HTTP face of leadflow. It does no business logic: it checks, validates, hands the lead or
 * event to Temporal and answers only once Temporal has it.
 */
export function createApp(opts: AppOptions) {
  const app = new OpenAPIHono();

  const sessions = dashboardSessions(opts.apiToken);
  app.use('*', requestMetrics);
  app.use('/api/*', apiAuth(opts.apiToken, opts.insight ? sessions : undefined));
  for (const pages of ['/u/*', '/t/*', '/s/*']) app.use(pages, pageHeaders);
  app.use('/api/*', bodyLimit({
    maxSize: opts.maxBodyBytes ?? 1024 * 1024,
    onError: () => {
      throw problem(413, { error: 'payload_too_large', message: `the body is larger than ${opts.maxBodyBytes ?? 1024 * 1024} bytes` });
    },
  }));
  app.use('/api/*', async (c, next) => {
    if (c.req.method === 'POST' && !JSON_TYPE.test(c.req.header('content-type') ?? '')) {
      throw problem(415, { error: 'unsupported_media_type', message: 'send the body as JSON with Content-Type: application/json' });
    }
    await next();
  });

  app.use('/webhooks/*', bodyLimit({
    maxSize: 1024 * 1024,
    onError: () => {
      throw problem(413, { error: 'payload_too_large', message: 'the body is larger than 1 MiB' });
    },
  }));

  app.route('/', healthRoutes({ client: opts.client }));
  app.route('/', metricsRoutes({ client: opts.client, taskQueue: opts.taskQueue, insight: opts.insight?.store }));
  app.route('/', leadsRoutes({ ...opts, crm: opts.crm?.store }));
  if (opts.outbox) app.route('/', outboxRoutes(opts.outbox));
  if (opts.mail) {
    app.route('/', engagementRoutes({ client: opts.client, store: opts.mail.store, tokens: opts.mail.tokens, logger: opts.logger }));
    app.route('/', espRoutes({ client: opts.client, store: opts.mail.store, espSecrets: opts.mail.espSecrets ?? [], sendgridPublicKey: opts.mail.sendgridPublicKey }));
    if (opts.mail.surveys) app.route('/', surveyRoutes({ client: opts.client, tokens: opts.mail.tokens, surveys: opts.mail.surveys, logger: opts.logger }));
  }
  if (opts.insight) {
    app.route('/', insightRoutes(opts.insight));
    app.route('/', dashboardRoutes({ apiToken: opts.apiToken, password: opts.dashboardPassword, sessions, outbox: !!opts.outbox }));
  }
  if (opts.crm) app.route('/', webhookRoutes({ client: opts.client, taskQueue: opts.taskQueue, connectors: opts.crm.connectors, crm: opts.crm.store }));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'leadflow', version: '0.1.0', description: 'Lead journeys on Temporal: enrol leads, record events, read journeys.' },
    security: [{ bearer: [] }],
  });
  app.route('/', docsRoutes());

  const logAbort = clientAbortLog(opts.logger);
  app.notFound((c) => c.json({ error: 'not_found', message: `no route ${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      const res = err.getResponse();
      if (res.headers.get('content-type')?.includes('json')) return res;
      // Hono's own 400s (malformed JSON) and 401s come as text; answer them as JSON too.
      return c.json({ error: res.status === 401 ? 'unauthorized' : 'bad_request', message: err.message || res.statusText }, res.status as 400);
    }
    if (isClientAbort(err, c.req.raw)) {
      logAbort(c.req.path);
      return c.json({ error: 'client_aborted', message: 'the request was aborted before its body arrived' }, 400);
    }
    opts.logger.error({ err, path: c.req.path }, 'request failed');
    return c.json({ error: 'internal', message: 'leadflow failed to handle this request; it is logged' }, 500);
  });
  return app;
}

export type LeadflowApp = ReturnType<typeof createApp>;
