import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Env } from '../env.js';
import { LEAD_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';
import { missingServerError, serverExecutable } from './binaries.js';

export interface DevServerOptions {
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  env: Env;
}

/** How a dev server is stopped: by default SIGTERM (SIGKILL after 10 s). */
export interface DevServerStopOptions {
  /** SIGKILL at once, as a crash would: the mail chaos test restarts Temporal this way, its state kept in SQLite. */
  kill?: boolean;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(opts?: DevServerStopOptions): Promise<void>;
}

const STARTUP_MS = 60_000;

async function waitForFrontend(address: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + STARTUP_MS;
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`temporal server exited with code ${exited}; see ${logFile}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: '1s' });
      await connection.close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`temporal server did not answer on ${address} within ${STARTUP_MS / 1000}s; see ${logFile}`);
}

function stopChild(child: ChildProcess, opts: DevServerStopOptions = {}): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill(opts.kill ? 'SIGKILL' : 'SIGTERM');
  });
}

/**
 * The dev server's SQLite settings (`--sqlite-pragma` arguments): WAL, so readers never wait for
 * the writer, and NORMAL sync, durable across a process crash. Shared with the benchmarks so they
 * measure the database `leadflow start` keeps.
 */
export const DEV_SERVER_SQLITE_PRAGMAS: readonly string[] = ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL'];

/**
 * `temporal server start-dev` with its state in data/temporal (SQLite in WAL mode), so a restart
 * finds every journey where it was. Its own log goes to data/temporal/server.log.
 */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const dir = join(opts.dataDir, 'temporal');
  await mkdir(dir, { recursive: true });
  const address = `127.0.0.1:${opts.port}`;
  const uiUrl = `http://127.0.0.1:${opts.uiPort}`;
  const sqlite = ['--db-filename', join(dir, 'temporal.sqlite'), ...DEV_SERVER_SQLITE_PRAGMAS];
  const executable = serverExecutable('cli', opts.env);

  if (executable.type === 'cached-download') {
    try {
      const env = await TestWorkflowEnvironment.createLocal({
        server: {
          executable,
          ip: '127.0.0.1',
          port: opts.port,
          ui: true,
          uiPort: opts.uiPort,
          namespace: opts.namespace,
          searchAttributes: LEAD_SEARCH_ATTRIBUTES,
          extraArgs: sqlite,
        },
      });
      return { address, uiUrl, stop: () => env.teardown() };
    } catch (err) {
      throw missingServerError('cli', err);
    }
  }

  const logFile = join(dir, 'server.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--ui-port', String(opts.uiPort), '--namespace', opts.namespace, '--log-level', 'warn', ...sqlite];
  const child = spawn(executable.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  try {
    await waitForFrontend(address, child, logFile);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return {
    address,
    uiUrl,
    async stop(stopOpts) {
      await stopChild(child, stopOpts);
      log.end();
    },
  };
}
