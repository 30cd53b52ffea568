import { cp } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { NativeConnection } from '@temporalio/worker';
import { createLeadflowWorker } from '../../src/temporal/worker.js';
import { inject } from 'vitest';
import { hubspotConfigFromEnv, hubspotConnector } from '../../connectors/hubspot/index.js';
import type { ConfiguredConnector } from '../../src/crm/configured.js';
import { createApp } from '../../src/http/app.js';
import { linkTokens } from '../../src/links/tokens.js';
import { createLogger } from '../../src/logger.js';
import { smtpMailer } from '../../src/mail/mailer.js';
import { buildActivities } from '../../src/runtime/activity-setup.js';
import { crmStore } from '../../src/store/crm-store.js';
import { mailStore } from '../../src/store/mail-store.js';
import { surveyStore } from '../../src/store/survey-store.js';
import { insightStore } from '../../src/store/insight-store.js';
import { insightQueries } from '../../src/store/insight-queries.js';
import { journeyLibrary } from '../../src/journeys/library.js';
import { lazyClient } from '../../src/temporal/client.js';
import { startHubspotFake } from '../fakes/hubspot-fake.js';
import { json } from './http.js';
import { writeJourneys } from './journey-files.js';
import { SHIPPED_JOURNEYS } from './leads.js';
import { freePort } from './ports.js';
import { startSmtpSink } from './smtp-sink.js';
import { MAIL_FROM, quietTemporal, TEST_SECRET, testDb } from './temporal.js';

export const SURVEY_API_TOKEN = 'test-token-0123456789abcdef';

/** A funnel whose `won` stage asks an NPS survey a second after entry, any hour of any day. */
const FUNNEL = `sendWindow: { days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "24:00", holidays: false }
stages:
  won:
    survey: { name: after-sale, kind: nps, after: 1s, lowScore: 6 }
`;

/**
 * The system a survey (or any journey: `files` replace or add journey files) runs through, on loopback: the shared dev server, a worker with the real
 * activities (the shipped survey templates, real SMTP to a sink, a HubSpot fake), and the HTTP app
 * listening on a real port, the one the mail's links point at.
 */
export async function startSurveySystem(opts: { files?: Record<string, string>; now?: () => Date } = {}) {
  quietTemporal();
  const dir = await writeJourneys({ 'funnel.yaml': FUNNEL, ...opts.files });
  for (const t of ['survey', 'survey-reminder', '_layouts']) await cp(join(SHIPPED_JOURNEYS, 'templates', t), join(dir, 'templates', t), { recursive: true });
  const [sink, hs, connection, port] = await Promise.all([startSmtpSink(), startHubspotFake(), NativeConnection.connect({ address: inject('devServerAddress') }), freePort()]);
  const publicUrl = `http://127.0.0.1:${port}`;
  const hubspot = hubspotConnector(hubspotConfigFromEnv({ HUBSPOT_ACCESS_TOKEN: hs.token, HUBSPOT_CLIENT_SECRET: hs.clientSecret, HUBSPOT_BASE_URL: hs.baseUrl })!);
  const connectors = new Map<string, ConfiguredConnector>([['hubspot', hubspot]]);
  const client = lazyClient({ address: inject('devServerAddress'), namespace: 'default' });
  const taskQueue = `survey-${randomUUID()}`;
  const db = await testDb();
  const tokens = linkTokens(TEST_SECRET);
  const activities = buildActivities({ journeysDir: dir, db, mailer: smtpMailer(sink.url), mailFrom: MAIL_FROM, publicUrl, tokens, tracking: true, connectors, temporal: { client, taskQueue } });
  // The production worker assembly (its activity metrics included), on the shared bundle.
  const worker = await createLeadflowWorker({ connection, namespace: 'default', taskQueue, workflowBundle: { codePath: inject('workflowBundlePath') }, activities });
  const running = worker.run();
  const app = createApp({ client, taskQueue, apiToken: SURVEY_API_TOKEN, logger: createLogger('silent'), mail: { store: mailStore(db), tokens, surveys: surveyStore(db) }, crm: { connectors, store: crmStore(db) }, insight: { store: insightStore(db), queries: insightQueries(db), library: journeyLibrary(dir), now: opts.now } });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const api = (path: string, body?: unknown) => app.request(path, { method: body ? 'POST' : 'GET', body: body ? JSON.stringify(body) : undefined, headers: { authorization: `Bearer ${SURVEY_API_TOKEN}`, 'content-type': 'application/json' } });
  return {
    app,
    api,
    db,
    dir,
    client,
    taskQueue,
    sink,
    hs,
    publicUrl,
    view: async (id: string) => json(await api(`/api/leads/${id}`)),
    /** The score links of a survey mail, as paths: one per score, lowest first. */
    scoreLinks: (html: string) => [...html.matchAll(new RegExp(`href="${publicUrl}(/s/[^"]+)"`, 'g'))].map((m) => m[1]!),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      worker.shutdown();
      await running;
      await connection.close();
      await Promise.all([sink.close(), hs.close()]);
    },
  };
}

export type SurveySystem = Awaited<ReturnType<typeof startSurveySystem>>;
