import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { NativeConnection, Worker } from '@temporalio/worker';
import { expect, inject } from 'vitest';
import type { Connectors } from '../../src/crm/configured.js';
import { createApp } from '../../src/http/app.js';
import { linkTokens } from '../../src/links/tokens.js';
import { createLogger } from '../../src/logger.js';
import { smtpMailer } from '../../src/mail/mailer.js';
import { buildActivities } from '../../src/runtime/activity-setup.js';
import { crmStore } from '../../src/store/crm-store.js';
import { lazyClient } from '../../src/temporal/client.js';
import { json } from './http.js';
import type { crmPoller } from '../../workflows/crm-poller.js';
import { writeJourneys } from './journey-files.js';
import { testLead } from './leads.js';
import type { Lead } from '../../src/domain/lead.js';
import { startSmtpSink } from './smtp-sink.js';
import { MAIL_FROM, quietTemporal, TEST_PUBLIC_URL, TEST_SECRET, testDb } from './temporal.js';
import { eventually, settled } from './eventually.js';

export { eventually, settled };

export const API_TOKEN = 'test-token-0123456789abcdef';

/** A nurture in `lead` (two e-mails two seconds apart) and a follow-up every 3 s in `negotiating`. */
export const CRM_JOURNEYS = {
  'funnel.yaml': 'stages:\n  lead:\n    sequence: drip\n  negotiating:\n    followUp:\n      every: 3s\n      task: "Call {{ lead.name }}"\n',
  'sequences/drip.yaml': 'name: drip\nsteps:\n  - send: hello\n    window: any\n  - wait: 2s\n  - send: hello\n    window: any\n',
  'templates/hello/en.html': '---\nsubject: "Hello"\n---\n<p>Hello</p>\n',
};


/** One e-mail on entering `lead` or `qualified`, nothing else: journeys whose only traffic is CRM sync. */
export const QUIET_JOURNEYS = {
  'funnel.yaml': 'stages:\n  lead:\n    sequence: hello\n  qualified:\n    sequence: hello\n',
  'sequences/hello.yaml': 'name: hello\nsteps:\n  - send: hello\n    window: any\n',
  'templates/hello/en.html': '---\nsubject: "Hello"\n---\n<p>Hello</p>\n',
};

/** A journey's stage history as `stage:source`, the way tests compare it. */
export const historyOf = (view: { history: { to: string; source: string }[] }) => view.history.map((e) => `${e.to}:${e.source}`);

/**
 * The whole system around some connectors: the shared dev server, a worker with the real
 * activities (real SMTP sink, real store), and the HTTP app with the CRM webhook route.
 */
export async function startCrmHarness(connectors: Connectors, files: Record<string, string> = CRM_JOURNEYS) {
  quietTemporal();
  const dir = await writeJourneys(files);
  const [connection, sink] = await Promise.all([NativeConnection.connect({ address: inject('devServerAddress') }), startSmtpSink()]);
  const client = lazyClient({ address: inject('devServerAddress'), namespace: 'default' });
  const taskQueue = `crm-${randomUUID()}`;
  const db = await testDb();
  const activities = buildActivities({ journeysDir: dir, db, mailer: smtpMailer(sink.url), mailFrom: MAIL_FROM, publicUrl: TEST_PUBLIC_URL, tokens: linkTokens(TEST_SECRET), tracking: false, connectors, temporal: { client, taskQueue } });
  const newWorker = () => Worker.create({ connection, taskQueue, workflowBundle: { codePath: inject('workflowBundlePath') }, activities });
  let worker = await newWorker();
  let running = worker.run();
  const app = createApp({ client, taskQueue, apiToken: API_TOKEN, logger: createLogger('silent'), crm: { connectors, store: crmStore(db) } });
  let server: ServerType | undefined;
  const pollers: string[] = [];
  const api = (path: string, body?: unknown) =>
    app.request(path, { method: body ? 'POST' : 'GET', body: body ? JSON.stringify(body) : undefined, headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' } });
  return {
    app,
    api,
    client,
    taskQueue,
    sink,
    view: async (id: string) => json(await api(`/api/leads/${id}`)),
    /** Enrols a lead and waits for its first e-mail. */
    async enrolWith<L extends Lead>(lead: L): Promise<L> {
      expect((await api('/api/leads', lead)).status).toBe(202);
      await eventually(() => sink.messages.some((m) => m.envelopeTo.includes(lead.email)));
      return lead;
    },
    /** Enrols a lead linked to these records and waits for its first e-mail. */
    enrolLinked(crm: { connector: 'zoho' | 'fxiaoke' | 'hubspot' | 'generic'; id: string }[]) {
      return this.enrolWith(testLead({ crm }));
    },
    /** Serves the app on a loopback port, for CRM fakes that post their own webhooks; returns its URL. */
    async listen(): Promise<string> {
      server ??= await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      });
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    /** A durable poller for one connection, as the worker starts it; terminated on close. */
    async startPoller(connector: string, intervalMs: number, cursor?: string) {
      const handle = await client.workflow.start<typeof crmPoller>('crmPoller', { workflowId: `crm-poller:${connector}:${randomUUID()}`, taskQueue, args: [{ connector, intervalMs, cursor }] });
      pollers.push(handle.workflowId);
      return handle;
    },
    /** Stops the worker and starts another on the same task queue, as a deploy or a crash would. */
    async restartWorker(between?: () => Promise<void>) {
      worker.shutdown();
      await running;
      await between?.();
      worker = await newWorker();
      running = worker.run();
    },
    async close() {
      await Promise.all(pollers.map((id) => client.workflow.getHandle(id).terminate('test over').catch(() => undefined)));
      if (server) {
        const s = server as import('node:http').Server;
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        });
      }
      worker.shutdown();
      await running;
      await connection.close();
      await sink.close();
    },
  };
}

export type CrmHarness = Awaited<ReturnType<typeof startCrmHarness>>;
