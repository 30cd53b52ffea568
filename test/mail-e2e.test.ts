import { createSign, generateKeyPairSync } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../src/http/app.js';
import { linkTokens } from '../src/links/tokens.js';
import { createLogger } from '../src/logger.js';
import { mailStore } from '../src/store/mail-store.js';
import { lazyClient } from '../src/temporal/client.js';
import { json } from './helpers/http.js';
import { signStandardWebhook } from '../connectors/shared/standard-webhooks.js';
import { testLead } from './helpers/leads.js';
import { mailJourneys } from './helpers/mail-journeys.js';
import { startSmtpSink, type SinkMessage, type SmtpSink } from './helpers/smtp-sink.js';
import { createTestWorker, devServerConnection, TEST_PUBLIC_URL, TEST_SECRET, testDb, type TestWorker } from './helpers/temporal.js';
import { eventually } from './helpers/eventually.js';

const TOKEN = 'test-token-0123456789abcdef';
const ESP_SECRET = `whsec_${Buffer.from('esp-secret-for-tests-0123456789').toString('base64')}`;
const sendgrid = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });


describe('marketing mail end to end: dev server, worker, HTTP, real SMTP', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let connection: NativeConnection;
  let sink: SmtpSink;
  let tw: TestWorker;
  let running: Promise<void>;
  let app: ReturnType<typeof createApp>;
  let client: Client;

  beforeAll(async () => {
    const dir = await mailJourneys('2s');
    [connection, sink] = await Promise.all([devServerConnection(), startSmtpSink()]);
    tw = await createTestWorker(connection, {
      journeysDir: dir,
      smtpUrl: sink.url,
      tracking: true,
      dkim: { domainName: 'leadflow.test', keySelector: 'lf2026', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
    });
    running = tw.worker.run();
    client = lazyClient({ address: inject('devServerAddress'), namespace: 'default' });
    app = createApp({
      client,
      taskQueue: tw.taskQueue,
      apiToken: TOKEN,
      logger: createLogger('silent'),
      mail: { store: mailStore(await testDb()), tokens: linkTokens(TEST_SECRET), espSecrets: [ESP_SECRET], sendgridPublicKey: sendgrid.publicKey.export({ type: 'spki', format: 'der' }).toString('base64') },
    });
  });
  afterAll(async () => {
    tw?.worker.shutdown();
    await running;
    tw?.mailer.close();
    await connection?.close();
    await sink?.close();
  });

  const enrol = async (lead: ReturnType<typeof testLead>) => {
    const res = await app.request('/api/leads', { method: 'POST', body: JSON.stringify(lead), headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });
    expect(res.status).toBe(202);
  };
  const view = async (id: string) => json(await app.request(`/api/leads/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } }));
  const to = (email: string) => sink.messages.filter((m) => m.envelopeTo.includes(email));
  const local = (url: string) => url.replace(TEST_PUBLIC_URL, '');
  const header = (m: SinkMessage, name: string) => m.parsed.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, ' ');

  it('signs, labels and localises marketing mail, with one-click unsubscribe headers and a visible link', async () => {
    const lead = testLead({ locale: 'zh-CN', name: '王芳', timezone: 'Asia/Shanghai' });
    await enrol(lead);
    const [mail] = await eventually(() => (to(lead.email).length ? to(lead.email) : undefined));
    const journey = await eventually(async () => ((await view(lead.id)).emails.length ? view(lead.id) : undefined));

    expect(mail!.parsed.messageId).toBe(journey.emails[0].messageId);
    expect(mail!.parsed.messageId).toMatch(/^<[0-9a-f]{40}@leadflow\.test>$/);
    expect(mail!.parsed.subject).toBe('「广告」王芳，您好');
    const listUnsubscribe = header(mail!, 'list-unsubscribe')!;
    const [, unsubscribeUrl, token] = /^<(http:\/\/leadflow\.test\/u\/([^>]+))>, <mailto:unsubscribe@leadflow\.test\?subject=unsubscribe%20\2>$/.exec(listUnsubscribe)!;
    expect(header(mail!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    // Multipart: a text part and an HTML part, both carrying the same unsubscribe link.
    expect(mail!.raw.toString()).toMatch(/Content-Type: multipart\/alternative/i);
    expect(mail!.parsed.html).toContain(`href="${unsubscribeUrl}">退订</a>`);
    expect(mail!.parsed.text).toContain(unsubscribeUrl);
    expect(mail!.parsed.text).toContain('王芳，您好！');
    expect(token).toBeTruthy();

    // DKIM: verify the signature against the public key, as a receiving server would.
    const dns = async (name: string, type: string) => {
      if (type === 'TXT' && name === 'lf2026._domainkey.leadflow.test') {
        return [[`v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`]];
      }
      throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    };
    const dkim = await dkimVerify(mail!.raw, { resolver: dns });
    expect(dkim.results[0]).toMatchObject({ signingDomain: 'leadflow.test', selector: 'lf2026', status: { result: 'pass' } });
  });

  it('tracks clicks only to the signed URL and opens through the pixel', async () => {
    const lead = testLead();
    await enrol(lead);
    const [mail] = await eventually(() => (to(lead.email).length ? to(lead.email) : undefined));
    const html = mail!.parsed.html as string;
    const click = /href="(http:\/\/leadflow\.test\/t\/c\/[^"]+)">the guide/.exec(html)![1]!;
    const pixel = /src="(http:\/\/leadflow\.test\/t\/o\/[^"]+)"/.exec(html)![1]!;

    const redirect = await app.request(local(click));
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('https://example.com/guide?x=1&y=2');
    const [body, mac] = local(click).slice('/t/c/'.length).split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), u: 'https://evil.example/' })).toString('base64url');
    const refused = await app.request(`/t/c/${forged}.${mac}`);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('location')).toBeNull();

    const open = await app.request(local(pixel));
    expect(open.status).toBe(200);
    expect(open.headers.get('content-type')).toBe('image/gif');
    const events = await eventually(async () => {
      const types = (await view(lead.id)).recentEvents.map((e: { type: string }) => e.type);
      return types.includes('email.opened') && types.includes('email.clicked') ? types : undefined;
    });
    expect(events.filter((t: string) => t === 'email.clicked')).toHaveLength(1);
  });

  it('a one-click unsubscribe stops all further marketing mail to that address, across leads', async () => {
    const shared = `shared-${Date.now()}@example.com`;
    const first = testLead({ email: shared, locale: 'zh-CN' });
    const second = testLead({ email: shared.toUpperCase() });
    const other = testLead();
    await enrol(first);
    const [mail] = await eventually(() => (to(shared).length ? to(shared) : undefined));
    const unsubscribeUrl = /^<([^>]+)>/.exec(header(mail!, 'list-unsubscribe')!)![1]!;

    // The page a person sees first asks; a GET never unsubscribes (scanners follow links).
    const page = await app.request(local(unsubscribeUrl), { headers: { 'accept-language': 'zh-CN' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('确认退订');
    // RFC 8058: the mailbox provider POSTs List-Unsubscribe=One-Click.
    const done = await app.request(local(unsubscribeUrl), { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(done.status).toBe(200);
    expect(await app.request(local(unsubscribeUrl).replace(/.$/, 'x'), { method: 'POST' })).toHaveProperty('status', 400);

    await enrol(second);
    await enrol(other);
    await eventually(() => (to(other.email).length === 2 ? true : undefined));
    await new Promise((r) => setTimeout(r, 3000));
    expect(to(shared)).toHaveLength(1);
    const firstJourney = await view(first.id);
    expect(firstJourney.sequence).toMatchObject({ status: 'exited', exitReason: 'unsubscribed' });
    const secondJourney = await view(second.id);
    expect(secondJourney.emails).toHaveLength(0);
    expect(secondJourney.suppressed).toBe('unsubscribed');
    expect(secondJourney.ignored.map((i: { reason: string }) => i.reason)).toContain('not sent: unsubscribed');
  });

  it('ESP events (generic, signed the Standard Webhooks way, and SendGrid) and recorded replies reach the journey', async () => {
    const bounced = testLead();
    const complained = testLead();
    const replied = testLead();
    for (const lead of [bounced, complained, replied]) await enrol(lead);
    const messageOf = async (lead: ReturnType<typeof testLead>) => (await eventually(() => (to(lead.email).length ? to(lead.email) : undefined)))[0]!.parsed.messageId!;
    const [bouncedId, complainedId, repliedId] = await Promise.all([messageOf(bounced), messageOf(complained), messageOf(replied)]);

    const body = JSON.stringify({ events: [{ id: 'evt-1', type: 'bounced', bounce: 'hard', messageId: bouncedId }] });
    const ts = Math.floor(Date.now() / 1000);
    const post = (headers: Record<string, string>, payload = body) => app.request('/webhooks/mail/generic', { method: 'POST', body: payload, headers: { 'content-type': 'application/json', ...headers } });
    const signed = (t: number, payload = body) => ({ 'webhook-id': 'msg_1', 'webhook-timestamp': String(t), 'webhook-signature': signStandardWebhook(ESP_SECRET, 'msg_1', t, payload) });
    expect((await post(signed(ts), body.replace('hard', 'soft'))).status).toBe(401);
    expect((await post(signed(ts - 301))).status).toBe(401);
    expect((await post({})).status).toBe(401);
    const accepted = await post(signed(ts));
    expect(accepted.status).toBe(202);
    expect(await json(accepted)).toEqual({ applied: 1, unmatched: 0 });

    const events = JSON.stringify([{ email: complained.email, event: 'spamreport', sg_event_id: 'sg-1', 'smtp-id': complainedId, timestamp: ts }]);
    const signature = createSign('sha256').update(String(ts)).update(events).sign(sendgrid.privateKey, 'base64');
    const sg = (sig: string) => app.request('/webhooks/mail/sendgrid', { method: 'POST', body: events, headers: { 'content-type': 'application/json', 'x-twilio-email-event-webhook-signature': sig, 'x-twilio-email-event-webhook-timestamp': String(ts) } });
    expect((await sg(createSign('sha256').update('tampered').sign(sendgrid.privateKey, 'base64'))).status).toBe(401);
    expect((await sg(signature)).status).toBe(202);

    const reply = (messageId: string) => app.request('/api/replies', { method: 'POST', body: JSON.stringify({ messageId }), headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });
    expect((await reply('<nobody@nowhere>')).status).toBe(404);
    expect((await reply(repliedId)).status).toBe(202);

    const store = mailStore(await testDb());
    expect(await store.suppression(bounced.email)).toBe('bounced');
    expect(await store.suppression(complained.email)).toBe('complained');
    expect(await store.suppression(replied.email)).toBeUndefined();
    for (const [lead, reason] of [[bounced, 'email.bounced'], [complained, 'email.complained'], [replied, 'email.replied']] as const) {
      const journey = await eventually(async () => {
        const v = await view(lead.id);
        return v.sequence?.status === 'exited' ? v : undefined;
      });
      expect(journey.sequence.exitReason).toBe(reason);
    }
    await new Promise((r) => setTimeout(r, 2500));
    for (const lead of [bounced, complained, replied]) expect(to(lead.email)).toHaveLength(1);
  });
});
