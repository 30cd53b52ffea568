import { Connection } from '@temporalio/client';
import type { Config } from '../config.js';
import type { Env } from '../env.js';
import { journeyLibrary } from '../journeys/library.js';
import { JourneyErrors } from '../journeys/journey-error.js';
import type { Logger } from '../logger.js';
import { embeddedSecret } from '../secrets.js';
import { crmStore } from '../store/crm-store.js';
import { loadConnectors } from './connectors.js';
import { startCrmWorkflows } from './crm-workflows.js';
import { openDb } from '../store/open-store.js';
import { lazyClient } from '../temporal/client.js';
import { connectWithRetry } from '../temporal/connect-retry.js';
import { startDevServer, type DevServer } from '../temporal/dev-server.js';
import { ensureSearchAttributes } from '../temporal/search-attributes.js';
import { httpInsightSetup, httpMailSetup, startHttp } from './http-runtime.js';
import { activitySetupFromConfig, buildActivities, mailSetup } from './activity-setup.js';
import { startWorker } from './worker-runtime.js';
import { startTeamWorkflows } from './team-workflows.js';

export interface Embedded {
  httpUrl: string;
  temporalAddress: string;
  temporalUi?: string;
  apiToken: string;
  tokenCreated: boolean;
  outbox: boolean;
  database: string;
  stop(): Promise<void>;
}

/** Refuses to start on broken journey files: better now, with the file named, than mid-journey. */
export async function assertJourneysValid(config: Config): Promise<void> {
  const { errors } = await journeyLibrary(config.journeysDir).validate();
  if (errors.length) throw new JourneyErrors(errors);
}

/** Registers the search attributes, through a short-lived connection (waiting for a Temporal that is restarting). */
export async function prepareNamespace(address: string, namespace: string, logger: Logger): Promise<void> {
  const connection = await connectWithRetry(() => Connection.connect({ address }), { address, logger });
  try {
    const added = await ensureSearchAttributes(connection, namespace);
    if (added.length) logger.info({ added }, 'registered search attributes');
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'search attributes not registered; the Temporal UI cannot filter leads');
  } finally {
    await connection.close();
  }
}

/**
 * The whole system in one process tree: the Temporal dev server (unless TEMPORAL_ADDRESS names a
 * cluster), the database (PGlite unless DATABASE_URL), the worker and the HTTP server. Stops in
 * reverse order.
 */
export async function startEmbedded(config: Config, env: Env, logger: Logger): Promise<Embedded> {
  await assertJourneysValid(config);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => logger.error({ err }, 'while stopping'));
  };
  try {
    let dev: DevServer | undefined;
    if (!config.TEMPORAL_ADDRESS) {
      dev = await startDevServer({ dataDir: config.dataDir, port: config.TEMPORAL_DEV_PORT, uiPort: config.TEMPORAL_UI_PORT, namespace: config.TEMPORAL_NAMESPACE, env });
      stops.push(() => dev!.stop());
    }
    const address = config.TEMPORAL_ADDRESS ?? dev!.address;
    await prepareNamespace(address, config.TEMPORAL_NAMESPACE, logger);
    const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
    stops.push(() => db.close());
    const token = config.LEADFLOW_API_TOKEN ? { value: config.LEADFLOW_API_TOKEN, created: false } : await embeddedSecret(config.dataDir, 'api-token');
    const secret = config.LEADFLOW_SECRET ?? (await embeddedSecret(config.dataDir, 'link-secret', 48)).value;
    const { mailer, outbox } = await mailSetup(config);
    stops.push(async () => mailer.close());
    const connectors = await loadConnectors(env, config.journeysDir);
    const client = lazyClient({ address, namespace: config.TEMPORAL_NAMESPACE });
    stops.push(() => client.connection.close());
    const activities = buildActivities({ ...activitySetupFromConfig(config, db, mailer, secret), connectors, temporal: { client, taskQueue: config.TEMPORAL_TASK_QUEUE }, env });
    const worker = await startWorker(config, address, activities, logger);
    stops.push(() => worker.stop());
    await startCrmWorkflows(client, config.TEMPORAL_TASK_QUEUE, env, connectors, logger);
    await startTeamWorkflows(client, config.TEMPORAL_TASK_QUEUE, journeyLibrary(config.journeysDir), logger);
    const mail = httpMailSetup(config, db, secret);
    const http = await startHttp(config, { client, apiToken: token.value, logger, mail, outbox, crm: { connectors, store: crmStore(db) }, insight: httpInsightSetup(config, db) });
    stops.push(() => http.stop());
    worker.done.catch((err) => logger.error({ err }, 'worker stopped'));
    return {
      httpUrl: http.url,
      temporalAddress: address,
      temporalUi: dev?.uiUrl,
      apiToken: token.value,
      tokenCreated: token.created,
      outbox: !!outbox,
      database: config.DATABASE_URL ? 'DATABASE_URL' : `embedded (${config.dataDir}/pglite)`,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
