import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliRun } from '../helpers/cli.js';
import { writeJourneys } from '../helpers/journey-files.js';
import { ownDatabase } from '../helpers/own-database.js';
import { freePort } from '../helpers/ports.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { ledgerReader, type LedgerReader } from './ledger.js';
import { MAIL_CHAOS_JOURNEYS } from './profiles.js';
import { startRestartableTemporal, type RestartableTemporal } from './restartable-temporal.js';
import { startWorkerPool, type WorkerPool } from './worker-pool.js';

const TOKEN = 'mail-chaos-token-0123456789abcdef';
/** Two workers, so that one always carries on while the other is killed and replaced. */
export const WORKERS = 2;

/** The processes and the probes of one run, and how to tear them down. */
export interface MailChaosWorld {
  t0: number;
  temporal: RestartableTemporal;
  sink: SmtpSink;
  server: CliRun;
  serverUrl: string;
  workers: WorkerPool;
  ledger: LedgerReader;
  api(path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The production shape on one machine: a Temporal dev server that the run restarts, one
 * `leadflow server` and WORKERS `leadflow worker` processes configured as production configures
 * them (DATABASE_URL, SMTP_URL, TEMPORAL_ADDRESS), and an SMTP sink on loopback.
 */
export async function startMailChaosWorld(opts: { postgres: string; mailRatePerWorker: number }): Promise<MailChaosWorld> {
  const t0 = Date.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'leadflow-mail-chaos-'));
  const [database, sink, temporal, journeysDir, port] = await Promise.all([ownDatabase(opts.postgres, `lf_mail_chaos_${randomUUID().slice(0, 8)}`), startSmtpSink(), startRestartableTemporal({ dataDir, t0 }), writeJourneys(MAIL_CHAOS_JOURNEYS), freePort()]);
  const env = {
    TEMPORAL_ADDRESS: temporal.address,
    DATABASE_URL: database.url,
    LEADFLOW_SECRET: 'mail-chaos-secret-0123456789abcdef0123456789',
    LEADFLOW_API_TOKEN: TOKEN,
    SMTP_URL: sink.url,
    MAIL_FROM: 'Leadflow Chaos <news@leadflow.test>',
    MAIL_TRACKING: 'false',
    MAIL_RATE_PER_SECOND: String(opts.mailRatePerWorker),
    JOURNEYS_DIR: journeysDir,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
  };
  const server = runCli(['server'], { ...env, PORT: String(port) });
  await server.waitForOutput(/HTTP server listening/, 120_000);
  const workers = startWorkerPool({ size: WORKERS, env, t0 });
  await workers.ready();
  const serverUrl = `http://127.0.0.1:${port}`;
  const ledger = ledgerReader(database.url);
  return {
    t0,
    temporal,
    sink,
    server,
    serverUrl,
    workers,
    ledger,
    api: (path, body) =>
      fetch(`${serverUrl}${path}`, { method: body ? 'POST' : 'GET', body: body ? JSON.stringify(body) : undefined, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } }),
    async close() {
      await workers.close();
      if (server.child.exitCode === null) server.child.kill('SIGTERM');
      await server.exited;
      await ledger.close();
      await temporal.stop();
      await sink.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
