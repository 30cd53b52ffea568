// A real Temporal server (the production engine: frontend, history, matching, worker) on
// PostgreSQL, built from the Go module proxy: for the cluster test and the cluster benchmark,
// and for anyone who wants one on a laptop. `npx tsx scripts/temporal-cluster.ts build` builds
// and caches it; `… start <postgres-url>` runs one until Ctrl-C.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { parse, stringify } from 'yaml';
import { freePort } from '../test/helpers/ports.js';
import { PROJECT_ROOT } from '../src/temporal/binaries.js';

const run = promisify(execFile);

/** The server version docker-compose.yml runs (temporalio/auto-setup); bump both together. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const MODULE = 'go.temporal.io/server';
const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'leadflow', `temporal-server-${TEMPORAL_SERVER_VERSION}`);

export interface ServerBinaries {
  server: string;
  sqlTool: string;
  /** The module's source: its config templates and SQL schemas. */
  moduleDir: string;
}

/**
 * Builds the server and its SQL schema tool once per machine and version, with one `go install`
 * so the packages they share compile once, and without debug symbols (a faster link, a third
 * smaller). XDG_CACHE_HOME moves the cache, which is how CI keeps it between steps.
 */
export async function ensureTemporalServer(log: (line: string) => void = () => undefined): Promise<ServerBinaries> {
  const server = join(CACHE, 'server');
  const sqlTool = join(CACHE, 'sql');
  if (!existsSync(server) || !existsSync(sqlTool)) {
    log(`building ${MODULE}@${TEMPORAL_SERVER_VERSION} from the Go module proxy (about three minutes, once per machine)`);
    await mkdir(CACHE, { recursive: true });
    const packages = [`${MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`, `${MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`];
    await run('go', ['install', '-ldflags=-s -w', ...packages], { env: { ...process.env, GOBIN: CACHE }, maxBuffer: 64 * 1024 * 1024 });
  }
  const { stdout } = await run('go', ['env', 'GOMODCACHE']);
  return { server, sqlTool, moduleDir: join(stdout.trim(), `${MODULE}@${TEMPORAL_SERVER_VERSION}`) };
}

export interface RunningCluster {
  address: string;
  namespace: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Waits until `check` resolves, polling; throws with the last error after `ms`. */
async function until(check: () => Promise<unknown>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/**
 * Creates the two Temporal databases on a PostgreSQL server (named after `name`), loads their
 * schemas with the server's own tool, writes a config with free ports and starts the server.
 */
export async function startTemporalCluster(opts: { postgresUrl: string; name: string; namespace?: string; log?: (line: string) => void; dropOnStop?: boolean }): Promise<RunningCluster> {
  const bins = await ensureTemporalServer(opts.log);
  const pgUrl = new URL(opts.postgresUrl);
  const sqlEnv = { ...process.env, SQL_PLUGIN: 'postgres12', SQL_HOST: pgUrl.hostname, SQL_PORT: pgUrl.port || '5432', SQL_USER: decodeURIComponent(pgUrl.username), SQL_PASSWORD: decodeURIComponent(pgUrl.password) };
  const databases = { temporal: `${opts.name}_temporal`, visibility: `${opts.name}_visibility` };
  const schemas = join(bins.moduleDir, 'schema', 'postgresql', 'v12');
  for (const [db, dir] of [
    [databases.temporal, join(schemas, 'temporal', 'versioned')],
    [databases.visibility, join(schemas, 'visibility', 'versioned')],
  ] as const) {
    await run(bins.sqlTool, ['--db', db, 'create-database'], { env: sqlEnv });
    await run(bins.sqlTool, ['--db', db, 'setup-schema', '-v', '0.0'], { env: sqlEnv });
    await run(bins.sqlTool, ['--db', db, 'update-schema', '-d', dir], { env: sqlEnv });
  }

  const root = await mkdtemp(join(tmpdir(), 'leadflow-temporal-'));
  const config = parse(await readFile(join(bins.moduleDir, 'config', 'development-postgres12.yaml'), 'utf8'));
  const [grpc, http, metrics, pprof] = await Promise.all(Array.from({ length: 4 }, () => freePort()));
  // Membership ports are kept in a smallint column: they must be below 32768, where the OS does not hand out ports.
  const internal: number[] = [];
  while (internal.length < 7) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!internal.includes(port) && (await portFree(port))) internal.push(port);
  }
  for (const store of Object.values<{ sql: Record<string, unknown> }>(config.persistence.datastores)) {
    Object.assign(store.sql, { connectAddr: `${pgUrl.hostname}:${pgUrl.port || '5432'}`, user: sqlEnv.SQL_USER, password: sqlEnv.SQL_PASSWORD });
  }
  config.persistence.datastores['postgres-default'].sql.databaseName = databases.temporal;
  config.persistence.datastores['postgres-visibility'].sql.databaseName = databases.visibility;
  config.log = { stdout: true, level: 'warn' };
  config.global.metrics.prometheus.listenAddress = `127.0.0.1:${metrics}`;
  config.global.pprof.port = pprof;
  config.services.frontend.rpc = { grpcPort: grpc, membershipPort: internal[0], bindOnLocalHost: true, httpPort: http };
  config.services.matching.rpc = { grpcPort: internal[1], membershipPort: internal[2], bindOnLocalHost: true };
  config.services.history.rpc = { grpcPort: internal[3], membershipPort: internal[4], bindOnLocalHost: true };
  config.services.worker.rpc = { grpcPort: internal[5], membershipPort: internal[6], bindOnLocalHost: true };
  config.clusterMetadata.clusterInformation.active.rpcAddress = `127.0.0.1:${grpc}`;
  config.archival = { history: { state: 'disabled' }, visibility: { state: 'disabled' } };
  config.namespaceDefaults = { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } };
  config.dynamicConfigClient = { filepath: join(root, 'dynamicconfig.yaml'), pollInterval: '10s' };
  await mkdir(join(root, 'config'), { recursive: true });
  await writeFile(join(root, 'config', 'cluster.yaml'), stringify(config));
  // The same dynamic config docker-compose mounts: what production runs, the test runs.
  await writeFile(join(root, 'dynamicconfig.yaml'), await readFile(join(PROJECT_ROOT, 'docker', 'temporal-dynamicconfig.yaml'), 'utf8'));

  const child = spawn(bins.server, ['--root', root, '--config', 'config', '--env', 'cluster', '--allow-no-auth', 'start'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const keep = (d: Buffer) => (stderr = (stderr + d.toString()).slice(-6000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const address = `127.0.0.1:${grpc}`;
  const namespace = opts.namespace ?? 'default';
  const cli = join(PROJECT_ROOT, '.temporal', 'bin', 'temporal');
  try {
    await until(() => run(cli, ['operator', 'cluster', 'health', '--address', address]), 120_000);
    await until(() => run(cli, ['operator', 'namespace', 'create', '--namespace', namespace, '--address', address]).catch(async (err: Error) => {
      if (!/already|exists/i.test(String((err as { stderr?: string }).stderr ?? err.message))) throw err;
    }), 60_000);
    await until(() => run(cli, ['operator', 'namespace', 'describe', '--namespace', namespace, '--address', address]), 60_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`the Temporal server did not come up: ${(err as Error).message}\n${stderr}`);
  }
  return {
    address,
    namespace,
    process: child,
    async stop() {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      });
      if (opts.dropOnStop) {
        const admin = new pg.Client({ connectionString: opts.postgresUrl });
        await admin.connect();
        for (const db of Object.values(databases)) await admin.query(`drop database if exists ${db} with (force)`);
        await admin.end();
      }
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [command, url] = process.argv.slice(2);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (command === 'build') await ensureTemporalServer(log);
  else if (command === 'start' && url) {
    const cluster = await startTemporalCluster({ postgresUrl: url, name: `leadflow_${Date.now().toString(36)}`, log });
    log(`Temporal ${TEMPORAL_SERVER_VERSION} on PostgreSQL: TEMPORAL_ADDRESS=${cluster.address} (Ctrl-C stops it)`);
    process.on('SIGINT', () => void cluster.stop().then(() => process.exit(0)));
  } else {
    log('usage: npx tsx scripts/temporal-cluster.ts build | start <postgres://user:pass@host:port/db>');
    process.exit(2);
  }
}
