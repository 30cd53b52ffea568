import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hubspotConfigFromEnv, hubspotConnector } from '../connectors/hubspot/index.js';
import type { ConfiguredConnector } from '../src/crm/configured.js';
import { createApp } from '../src/http/app.js';
import { linkTokens } from '../src/links/tokens.js';
import { createLogger } from '../src/logger.js';
import { smtpMailer } from '../src/mail/mailer.js';
import { buildActivities } from '../src/runtime/activity-setup.js';
import { crmStore } from '../src/store/crm-store.js';
import { mailStore } from '../src/store/mail-store.js';
import { surveyStore } from '../src/store/survey-store.js';
import { lazyClient } from '../src/temporal/client.js';
import { startHubspotFake } from './fakes/hubspot-fake.js';
import { eventually } from './helpers/eventually.js';
import { json } from './helpers/http.js';
import { writeJourneys } from './helpers/journey-files.js';
import { SHIPPED_JOURNEYS, testLead } from './helpers/leads.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { MAIL_FROM, quietTemporal, TEST_PUBLIC_URL, TEST_SECRET, testDb } from './helpers/temporal.js';

const TOKEN = 'test-token-0123456789abcdef';
const FUNNEL = `sendWindow: { days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "24:00", holidays: false }
stages:
  won:
    survey: { name: after-sale, kind: nps, after: 1s, lowScore: 6 }
`;

describe('a satisfaction survey end to end: mail → page → answer → journey, store and CRM', () => {
  let sink: SmtpSink;
  let hs: Awaited<ReturnType<typeof startHubspotFake>>;
  let connection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    quietTemporal();
    const dir = await writeJourneys({ 'funnel.yaml': FUNNEL });
    for (const t of ['survey', 'survey-reminder', '_layouts']) await cp(join(SHIPPED_JOURNEYS, 'templates', t), join(dir, 'templates', t), { recursive: true });
    [sink, hs, connection] = await Promise.all([startSmtpSink(), startHubspotFake(), NativeConnection.connect({ address: inject('devServerAddress') })]);
    const hubspot = hubspotConnector(hubspotConfigFromEnv({ HUBSPOT_ACCESS_TOKEN: hs.token, HUBSPOT_CLIENT_SECRET: hs.clientSecret, HUBSPOT_BASE_URL: hs.baseUrl })!);
    const connectors = new Map<string, ConfiguredConnector>([['hubspot', hubspot]]);
    const client = lazyClient({ address: inject('devServerAddress'), namespace: 'default' });
    const taskQueue = `survey-${randomUUID()}`;
    const db = await testDb();
    const tokens = linkTokens(TEST_SECRET);
    const activities = buildActivities({ journeysDir: dir, db, mailer: smtpMailer(sink.url), mailFrom: MAIL_FROM, publicUrl: TEST_PUBLIC_URL, tokens, tracking: true, connectors, temporal: { client, taskQueue } });
    worker = await Worker.create({ connection, taskQueue, workflowBundle: { codePath: inject('workflowBundlePath') }, activities });
    running = worker.run();
    app = createApp({ client, taskQueue, apiToken: TOKEN, logger: createLogger('silent'), mail: { store: mailStore(db), tokens, surveys: surveyStore(db) }, crm: { connectors, store: crmStore(db) } });
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await connection?.close();
    await Promise.all([sink?.close(), hs?.close()]);
  });

  const api = (path: string, body?: unknown) => app.request(path, { method: body ? 'POST' : 'GET', body: body ? JSON.stringify(body) : undefined, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });
  const answer = (path: string, form: Record<string, string>) => app.request(path, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const notesAbout = (text: string) => [...hs.state.notes.values()].filter((n) => Object.values(n.properties).some((v) => String(v).includes(text)));

  it('records nothing on a GET, one answer per survey however often it is given, a task for a low score, and notes in the CRM', async () => {
    const deal = hs.addDeal({ dealstage: 'closedwon', pipeline: 'default' });
    const lead = testLead({ stage: 'won', crm: [{ connector: 'hubspot', id: deal.id }] });
    expect((await api('/api/leads', lead)).status).toBe(202);

    // The survey mail: one signed link per score, straight to the survey page (no click redirect).
    const mail = await eventually(() => sink.messages.find((m) => m.envelopeTo.includes(lead.email)));
    expect(mail.parsed.subject).toBe('Would you recommend us? One click is enough');
    const links = [...String(mail.parsed.html).matchAll(/href="(http:\/\/leadflow\.test\/s\/[^"]+)"/g)].map((m) => new URL(m[1]!).pathname);
    expect(links).toHaveLength(11);
    const three = links[3]!;

    // A link scanner opens the link: the page shows 3 chosen, and nothing is recorded.
    const page = await app.request(three);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/value="3" checked/);
    const results = async () => json(await api('/api/surveys/after-sale/results'));
    await eventually(async () => ((await results()).sent === 1 ? true : undefined));
    expect(await results()).toMatchObject({ sent: 1, answered: 0, responseRate: 0 });
    expect((await json(await api(`/api/leads/${lead.id}`))).surveys[0].answer).toBeUndefined();

    // The customer presses the button: recorded on the journey, a task for the owner, a note on the deal.
    const thanks = await answer(three, { score: '3', comment: 'Onboarding took too long' });
    expect(thanks.status).toBe(200);
    expect(await thanks.text()).toContain('Thank you!');
    const low = await eventually(async () => {
      const view = await json(await api(`/api/leads/${lead.id}`));
      return view.tasks.some((t: { origin: string }) => t.origin === 'survey') ? view : undefined;
    });
    expect(low.surveys[0]).toMatchObject({ name: 'after-sale', answers: 1, answer: { score: 3, comment: 'Onboarding took too long' } });
    expect(low.tasks.find((t: { origin: string }) => t.origin === 'survey').title).toBe(`${lead.name} gave 3/10 in the after-sale survey: call them`);
    await eventually(() => (notesAbout('3 of 10').length === 1 && [...hs.state.tasks.values()].some((t) => Object.values(t.properties).some((v) => String(v).includes("3/10"))) ? true : undefined));
    expect(notesAbout('Onboarding took too long')).toHaveLength(1);

    // A second answer updates the first; the same answer twice (a double click) counts once.
    expect((await answer(three, { score: '9', comment: '' })).status).toBe(200);
    expect((await answer(three, { score: '9', comment: '' })).status).toBe(200);
    await eventually(async () => ((await results()).promoters === 1 ? true : undefined));
    expect(await results()).toMatchObject({ sent: 1, answered: 1, responseRate: 1, promoters: 1, passives: 0, detractors: 0, nps: 100 });
    const view = await json(await api(`/api/leads/${lead.id}`));
    expect(view.surveys[0]).toMatchObject({ answers: 2, answer: { score: 9 } });
    expect(view.tasks.filter((t: { origin: string }) => t.origin === 'survey')).toHaveLength(1);
    await eventually(() => (notesAbout('9 of 10').length === 1 ? true : undefined));

    // Forged, tampered, foreign and off-scale: 4xx pages, never a 5xx, nothing recorded.
    const [body, mac] = three.slice(3).split('.');
    const tampered = `/s/${body!.slice(0, -2)}xx.${mac}`;
    const unsubscribeLink = /href="http:\/\/leadflow\.test(\/u\/[^"]+)"/.exec(String(mail.parsed.html))![1]!;
    for (const path of ['/s/not-a-token', tampered, `/s/${unsubscribeLink.slice(3)}`]) {
      expect((await app.request(path)).status, path).toBe(400);
      expect((await answer(path, { score: '1' })).status, path).toBe(400);
    }
    expect((await answer(three, { score: '11' })).status).toBe(400);
    expect((await json(await api(`/api/leads/${lead.id}`))).surveys[0].answers).toBe(2);
    expect((await json(await api("/api/surveys/after-sale/results?from=2020-01-01&to=2020-02-01")))).toMatchObject({ sent: 0, answered: 0 });
    expect((await api('/api/surveys/after-sale/results?from=yesterday')).status).toBe(400);
  });
});
