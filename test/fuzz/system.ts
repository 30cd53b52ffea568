import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { fxiaokeConfigFromEnv, fxiaokeConnector } from '../../connectors/fxiaoke/index.js';
import { genericConnector } from '../../connectors/generic/index.js';
import { hubspotConfigFromEnv, hubspotConnector } from '../../connectors/hubspot/index.js';
import { zohoConfigFromEnv, zohoConnector } from '../../connectors/zoho/index.js';
import { loadConfig } from '../../src/config.js';
import type { ConfiguredConnector } from '../../src/crm/configured.js';
import { leadWorkflowId } from '../../src/domain/lead.js';
import { linkTokens } from '../../src/links/tokens.js';
import { createLogger } from '../../src/logger.js';
import { smtpMailer } from '../../src/mail/mailer.js';
import { buildActivities } from '../../src/runtime/activity-setup.js';
import { httpInsightSetup, startHttp } from '../../src/runtime/http-runtime.js';
import { crmStore } from '../../src/store/crm-store.js';
import { mailStore } from '../../src/store/mail-store.js';
import { surveyStore } from '../../src/store/survey-store.js';
import { lazyClient } from '../../src/temporal/client.js';
import type { crmPoller } from '../../workflows/crm-poller.js';
import { startFxiaokeFake } from '../fakes/fxiaoke-fake.js';
import { startHubspotFake } from '../fakes/hubspot-fake.js';
import { startZohoFake } from '../fakes/zoho-fake.js';
import { writeJourneys } from '../helpers/journey-files.js';
import { startSmtpSink } from '../helpers/smtp-sink.js';
import { MAIL_FROM, quietTemporal, TEST_PUBLIC_URL, TEST_SECRET, testDb } from '../helpers/temporal.js';

export const FUZZ_TOKEN = 'fuzz-token-0123456789abcdef';
export const GENERIC_SECRET = `whsec_${Buffer.from('fuzz-generic-secret-0123456789').toString('base64')}`;
export const ESP_SECRET = `whsec_${Buffer.from('fuzz-esp-secret-0123456789').toString('base64')}`;

const JOURNEYS = {
  'funnel.yaml': 'stages:\n  lead:\n    sequence: drip\n    staleAfter: 1d\n  negotiating:\n    followUp:\n      every: 1d\n      task: "Call {{ lead.name }}"\n  won:\n    survey: { name: post-purchase, kind: nps, after: 1s, lowScore: 6 }\n',
  'sequences/drip.yaml': 'name: drip\nexitOn: [demo.booked]\nsteps:\n  - send: hello\n    window: any\n  - waitFor: { event: email.opened, timeout: 1d }\n  - send: hello\n    window: any\n',
  'templates/hello/en.html': '---\nsubject: "Hello {{ lead.first_name }} from {{ attributes.company }}"\n---\n<p>Hello {{ lead.name }}</p>\n',
  'templates/hello/zh-CN.html': '---\nsubject: "{{ lead.name }}，您好"\n---\n<p>您好</p>\n',
  'templates/survey/en.html': '---\nsubject: "How did we do, {{ lead.first_name }}?"\n---\n<p>{% for s in survey.scores %}<a href="{{ s.url }}">{{ s.score }}</a> {% endfor %}</p>\n',
  'templates/survey-reminder/en.html': '---\nsubject: "A reminder"\n---\n<p>{% for s in survey.scores %}<a href="{{ s.url }}">{{ s.score }}</a> {% endfor %}</p>\n',
};

/**
 * The whole system with every connector switched on, on loopback: the shared Temporal dev server,
 * a worker with the real activities, the real HTTP listener (its limits included), CRM fakes of
 * Zoho, HubSpot and Fxiaoke (polled too), the generic connector, both ESP webhooks and an SMTP sink.
 * Pools of ids are small, so that many requests meet the same journeys and records.
 */
export async function startFuzzSystem() {
  quietTemporal();
  const run = randomUUID().slice(0, 8);
  const [zo, hs, fx, sink, connection] = await Promise.all([startZohoFake(), startHubspotFake(), startFxiaokeFake(), startSmtpSink(), NativeConnection.connect({ address: inject('devServerAddress') })]);
  const connectors = new Map<string, ConfiguredConnector>([
    ['generic', genericConnector({ secrets: [GENERIC_SECRET] })],
    ['zoho', zohoConnector(zohoConfigFromEnv(zo.env())!)],
    ['hubspot', hubspotConnector(hubspotConfigFromEnv({ HUBSPOT_ACCESS_TOKEN: hs.token, HUBSPOT_CLIENT_SECRET: hs.clientSecret, HUBSPOT_BASE_URL: hs.baseUrl })!)],
    ['fxiaoke', fxiaokeConnector(fxiaokeConfigFromEnv(fx.env())!, { stages: { inbound: { '1': 'qualified', '3': 'quoted', '4': 'negotiating', '5': 'won' } } })],
  ]);
  const sendgrid = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const db = await testDb();
  const client = lazyClient({ address: inject('devServerAddress'), namespace: 'default' });
  const taskQueue = `fuzz-${run}`;
  const tokens = linkTokens(TEST_SECRET);
  const dir = await writeJourneys(JOURNEYS);
  const activities = buildActivities({ journeysDir: dir, db, mailer: smtpMailer(sink.url), mailFrom: MAIL_FROM, publicUrl: TEST_PUBLIC_URL, tokens, tracking: true, connectors, temporal: { client, taskQueue } });
  // A small workflow cache keeps the worker's memory at a level, so the fuzz can watch the server's.
  const worker = await Worker.create({ connection, taskQueue, workflowBundle: { codePath: inject('workflowBundlePath') }, activities, maxCachedWorkflows: 50 });
  const running = worker.run();
  const config = loadConfig({ PORT: '0', TEMPORAL_TASK_QUEUE: taskQueue });
  const http = await startHttp(config, {
    client,
    apiToken: FUZZ_TOKEN,
    logger: createLogger('silent'),
    mail: { store: mailStore(db), tokens, surveys: surveyStore(db), espSecrets: [ESP_SECRET], sendgridPublicKey: sendgrid.publicKey.export({ format: 'der', type: 'spki' }).toString('base64') },
    crm: { connectors, store: crmStore(db) },
    insight: httpInsightSetup(config, db),
  });

  // Pools: a few leads linked to a few records of every CRM; many requests meet them.
  const zohoDeals = Array.from({ length: 4 }, () => zo.addDeal({ Stage: 'Qualification' }).id);
  const hubspotDeals = Array.from({ length: 4 }, () => hs.addDeal({ dealstage: 'appointmentscheduled' }).id);
  const fxiaokeIds = Array.from({ length: 4 }, (_, i) => `${run}${i}`.padStart(24, '0'));
  for (const id of fxiaokeIds) fx.addRecord({ _id: id, name: `Deal ${id}`, sales_stage: '1', last_modified_time: Date.now() - 60_000 });
  const genericIds = Array.from({ length: 4 }, (_, i) => `rec-${run}-${i}`);
  const leadIds = Array.from({ length: 8 }, (_, i) => `fz-${run}-${i}`);
  const pools = { leadIds, zohoDeals, hubspotDeals, fxiaokeIds, genericIds, newIds: Array.from({ length: 6 }, (_, i) => `new-${run}-${i}`) };
  const poller = `crm-poller:fxiaoke:${run}`;
  await client.workflow.start<typeof crmPoller>('crmPoller', { workflowId: poller, taskQueue, args: [{ connector: 'fxiaoke', intervalMs: 1000 }] });

  return {
    url: http.url,
    client,
    taskQueue,
    tokens,
    sendgridKey: sendgrid.privateKey,
    zoho: zo,
    hubspot: hs,
    fxiaoke: fx,
    sink,
    pools,
    /** Enrols the pool's leads over the real API, each linked to one record of every CRM. */
    async enrolPool() {
      for (const [i, id] of leadIds.entries()) {
        // The first four are linked to one record of every CRM; the others to none.
        const crm = i < 4 ? [{ connector: 'zoho', id: zohoDeals[i]! }, { connector: 'hubspot', id: hubspotDeals[i]! }, { connector: 'fxiaoke', id: fxiaokeIds[i]! }, { connector: 'generic', id: genericIds[i]! }] : [];
        const res = await fetch(`${http.url}/api/leads`, { method: 'POST', headers: { authorization: `Bearer ${FUZZ_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ id, email: `${id}@example.com`, name: `Lead ${i}`, locale: i % 2 ? 'zh-CN' : 'en', crm }) });
        if (res.status !== 202) throw new Error(`enrolment of ${id}: ${res.status} ${await res.text()}`);
      }
    },
    workflowIdOf: leadWorkflowId,
    async close() {
      await client.workflow.getHandle(poller).terminate('fuzz over').catch(() => undefined);
      await http.stop();
      worker.shutdown();
      await running;
      await connection.close();
      await Promise.all([zo.close(), hs.close(), fx.close(), sink.close()]);
    },
  };
}

export type FuzzSystem = Awaited<ReturnType<typeof startFuzzSystem>>;
