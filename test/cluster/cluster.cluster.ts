import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTemporalCluster, TEMPORAL_SERVER_VERSION, type RunningCluster } from '../../scripts/temporal-cluster.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { eventually } from '../helpers/eventually.js';
import { writeJourneys } from '../helpers/journey-files.js';
import { ownDatabase, type OwnDatabase } from '../helpers/own-database.js';
import { freePort } from '../helpers/ports.js';
import { roundRobinProxy } from '../helpers/round-robin-proxy.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { ledgerReader } from '../chaos-mail/ledger.js';
import { extraCopies, mailVerdict } from '../chaos-mail/verdict.js';

const POSTGRES = process.env.DATABASE_URL;
const TOKEN = 'cluster-token-0123456789abcdef';
const LEADS = 30;
/** Three mails a few seconds apart, then a task when the lead negotiates. */
const JOURNEYS = {
  'funnel.yaml': 'stages:\n  lead:\n    sequence: three\n  negotiating:\n    followUp: { every: 2s, task: "Call {{ lead.name }}" }\n  won: {}\n',
  'sequences/three.yaml': 'name: three\nsteps:\n  - send: hello\n    window: any\n  - wait: 3s\n  - send: hello\n    window: any\n  - wait: 3s\n  - send: hello\n    window: any\n',
  'templates/hello/en.html': '---\nsubject: "Hello {{ lead.first_name }}"\n---\n<p>Hello</p>\n',
};

describe(`leadflow on a real Temporal ${TEMPORAL_SERVER_VERSION} cluster on PostgreSQL: two workers, two servers behind one port`, () => {
  let cluster: RunningCluster;
  let sink: SmtpSink;
  let proxy: Awaited<ReturnType<typeof roundRobinProxy>>;
  const processes: CliRun[] = [];
  let workers: CliRun[] = [];
  let servers: CliRun[] = [];
  const name = `lf_cluster_${randomUUID().slice(0, 8)}`;
  let database: OwnDatabase;

  beforeAll(async () => {
    if (!POSTGRES) throw new Error('DATABASE_URL must name a PostgreSQL server (bash .ci/postgres.sh starts one)');
    [cluster, sink, database] = await Promise.all([startTemporalCluster({ postgresUrl: POSTGRES, name, dropOnStop: true }), startSmtpSink(), ownDatabase(POSTGRES, `${name}_leadflow`)]);
    const journeysDir = await writeJourneys(JOURNEYS);
    const env = {
      TEMPORAL_ADDRESS: cluster.address,
      DATABASE_URL: database.url,
      LEADFLOW_SECRET: 'cluster-secret-0123456789abcdef0123456789',
      LEADFLOW_API_TOKEN: TOKEN,
      SMTP_URL: sink.url,
      MAIL_RATE_PER_SECOND: '200',
      JOURNEYS_DIR: journeysDir,
      LOG_LEVEL: 'info',
    };
    const ports = await Promise.all([freePort(), freePort()]);
    workers = [0, 1].map(() => runCli(['worker'], env));
    servers = ports.map((port) => runCli(['server'], { ...env, PORT: String(port) }));
    processes.push(...workers, ...servers);
    await Promise.all([...workers.map((w) => w.waitForOutput(/worker running/, 120_000)), ...servers.map((s) => s.waitForOutput(/HTTP server listening/, 120_000))]);
    proxy = await roundRobinProxy(ports.map((p) => `http://127.0.0.1:${p}`));
  });
  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGTERM');
    await Promise.all(processes.map((p) => p.exited));
    await proxy?.close();
    await sink?.close();
    await cluster?.stop();
    await database?.drop();
  });

  const api = (path: string, body?: unknown) =>
    fetch(`${proxy.url}${path}`, { method: body ? 'POST' : 'GET', body: body ? JSON.stringify(body) : undefined, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });

  it('enrols, sends and moves every journey to its end, each e-mail once (a second copy only in RFC 1047\'s window), through a killed worker and a killed server', async () => {
    const ids = Array.from({ length: LEADS }, (_, i) => `cl-${name}-${i}`);
    const t0 = Date.now();
    for (const id of ids) expect((await api('/api/leads', { id, email: `${id}@example.com`, name: `Lead ${id}`, timezone: 'UTC' })).status).toBe(202);
    // Mid-run, as first mails go out: one worker and one server die without warning.
    await sink.waitFor(LEADS / 2, 60_000);
    const killedAt = Date.now() - t0;
    workers[0]!.child.kill('SIGKILL');
    servers[0]!.child.kill('SIGKILL');
    // The API stays up behind the proxy; journeys carry on in the surviving worker. A second copy
    // from the kill must not count as a mail still to come: wait for every distinct Message-ID.
    await eventually(async () => (sink.countById().size >= 3 * LEADS ? true : undefined), 180_000);
    for (const id of ids) expect((await api(`/api/leads/${id}/events`, { id: `${id}-neg`, type: 'stage.changed', stage: 'negotiating' })).status).toBe(202);
    let lagging: unknown;
    await eventually(async () => {
      const views = await Promise.all(ids.map(async (id) => (await api(`/api/leads/${id}`)).json() as Promise<{ stage?: string; tasks?: unknown[] }>));
      lagging = views.find((v) => !(v.stage === 'negotiating' && (v.tasks?.length ?? 0) >= 1));
      return lagging ? undefined : true;
    }, 120_000).catch((err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify(lagging).slice(0, 1500)}\nserver exit ${servers[1]!.child.exitCode}: ${servers[1]!.output().slice(-3000)}`);
    });
    for (const id of ids) expect((await api(`/api/leads/${id}/events`, { id: `${id}-won`, type: 'stage.changed', stage: 'won' })).status).toBe(202);
    const finals = await eventually(async () => {
      const views = await Promise.all(ids.map(async (id) => (await api(`/api/leads/${id}`)).json() as Promise<{ stage?: string; emails?: { messageId: string }[]; sequence?: { status: string } }>));
      return views.every((v) => v.stage === 'won') ? views : undefined;
    }, 120_000);

    // Every journey ran its whole sequence, and each of its three e-mails reached the sink. The
    // kill comes as a message lands, so a send the dead worker had on the wire may arrive twice:
    // only RFC 1047's window may explain a second copy (the mail chaos test's rule), never anything else.
    const ledger = ledgerReader(database.url);
    const verdict = mailVerdict({ messages: sink.messages, ledger: await ledger.rows(), leads: new Map(ids.map((id) => [id, `${id}@example.com`])), kills: [killedAt], t0 });
    await ledger.close();
    console.log(`cluster run: ${verdict.mailsArrived}/${verdict.mailsExpected} mails, ${verdict.retriedSends} sends retried, ${extraCopies(verdict.duplicates)} extra copies (${verdict.duplicates.map((d) => `kill ${d.nearestKillOffsetMs} ms from the first copy`).join(', ') || 'none'})`);
    const counts = sink.countById();
    for (const [i, view] of finals.entries()) {
      expect(view.emails, ids[i]).toHaveLength(3);
      for (const mail of view.emails!) expect(counts.get(mail.messageId), `${ids[i]} ${mail.messageId}`).toBeGreaterThanOrEqual(1);
    }
    expect({ leadsShort: verdict.leadsShort, missing: verdict.missing, unexpected: verdict.unexpected, unclassified: verdict.duplicates.filter((d) => !d.classified) }).toEqual({ leadsShort: [], missing: [], unexpected: [], unclassified: [] });
    expect(sink.messages).toHaveLength(3 * LEADS + extraCopies(verdict.duplicates));
    // Both servers took requests before one died; the survivor took the rest.
    expect([...proxy.tried.values()].every((n) => n > 0)).toBe(true);
  });
});
