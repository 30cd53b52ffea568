import type { Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { processEnv } from '../env.js';
import { createLogger, type Logger } from '../logger.js';
import { assertJourneysValid, prepareNamespace, startEmbedded } from '../runtime/embedded.js';
import { httpInsightSetup, httpMailSetup, startHttp } from '../runtime/http-runtime.js';
import { activitySetupFromConfig, buildActivities, mailSetup } from '../runtime/activity-setup.js';
import { crmStore } from '../store/crm-store.js';
import { loadConnectors } from '../runtime/connectors.js';
import { startCrmWorkflows } from '../runtime/crm-workflows.js';
import { startTeamWorkflows } from '../runtime/team-workflows.js';
import { journeyLibrary } from '../journeys/library.js';
import { openDb } from '../store/open-store.js';
import { startWorker } from '../runtime/worker-runtime.js';
import { lazyClient } from '../temporal/client.js';
import { UsageError } from './errors.js';
import { serveWorkerMetrics } from '../metrics/serve.js';

/** Runs until SIGINT or SIGTERM, then stops cleanly; a second signal exits at once. */
function untilSignal(stop: () => Promise<void>, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    logger.info({ signal }, 'stopping');
    stop().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/**
 * A server and workers in separate processes share one database and one link-signing secret, so
 * neither can be generated or embedded: both must be configured.
 */
function separateProcessSettings(config: Config, command: string): { databaseUrl: string; secret: string } {
  if (!config.DATABASE_URL) throw new UsageError(`DATABASE_URL: required for \`leadflow ${command}\` (separate processes share one PostgreSQL); \`leadflow start\` embeds one`);
  if (!config.LEADFLOW_SECRET) throw new UsageError(`LEADFLOW_SECRET: required for \`leadflow ${command}\` (it signs the links in e-mails); \`leadflow start\` generates one`);
  return { databaseUrl: config.DATABASE_URL, secret: config.LEADFLOW_SECRET };
}

/** Where the CLI finds Temporal: TEMPORAL_ADDRESS, else the embedded dev server of `leadflow start`. */
export const temporalAddress = (config: Config) => config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;

export function serviceCommands(program: Command): void {
  program
    .command('start')
    .description('the whole system on embedded defaults: Temporal dev server, worker, HTTP server, outbox')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.LOG_LEVEL);
      const system = await startEmbedded(config, processEnv(), logger);
      untilSignal(system.stop, logger);
      const lines = [
        '',
        'leadflow is running',
        `  API           ${system.httpUrl}/api   (docs: ${system.httpUrl}/docs)`,
        `  API token     ${config.LEADFLOW_API_TOKEN ? '(from LEADFLOW_API_TOKEN)' : `${system.apiToken}   (kept in ${config.dataDir}/secrets/api-token)`}`,
        system.outbox ? `  Outbox        ${system.httpUrl}/outbox` : '  Mail          via SMTP_URL',
        `  Temporal      ${system.temporalAddress}${system.temporalUi ? `   (UI: ${system.temporalUi})` : ''}`,
        `  Database      ${system.database}`,
        `  Journeys      ${config.journeysDir}`,
        `  Data          ${config.dataDir}`,
        '',
        'Press Ctrl-C to stop. Journeys are kept: start again and they carry on.',
        '',
      ];
      process.stdout.write(lines.join('\n'));
    });

  program
    .command('server')
    .description('the HTTP server alone (production: run workers separately)')
    .action(async () => {
      const config = loadConfig();
      if (!config.LEADFLOW_API_TOKEN) throw new UsageError('LEADFLOW_API_TOKEN: required for `leadflow server`; only `leadflow start` generates one');
      const { databaseUrl, secret } = separateProcessSettings(config, 'server');
      const logger = createLogger(config.LOG_LEVEL);
      const db = await openDb({ databaseUrl });
      const client = lazyClient({ address: temporalAddress(config), namespace: config.TEMPORAL_NAMESPACE });
      const mail = httpMailSetup(config, db, secret);
      const connectors = await loadConnectors(processEnv(), config.journeysDir);
      const http = await startHttp(config, { client, apiToken: config.LEADFLOW_API_TOKEN, logger, mail, crm: { connectors, store: crmStore(db) }, insight: httpInsightSetup(config, db) });
      logger.info({ url: http.url, temporal: temporalAddress(config) }, 'HTTP server listening');
      untilSignal(async () => {
        await http.stop();
        await client.connection.close();
        await db.close();
      }, logger);
    });

  program
    .command('worker')
    .description('a Temporal worker running lead journeys and their activities')
    .action(async () => {
      const config = loadConfig();
      const { databaseUrl, secret } = separateProcessSettings(config, 'worker');
      const logger = createLogger(config.LOG_LEVEL);
      await assertJourneysValid(config);
      const address = temporalAddress(config);
      await prepareNamespace(address, config.TEMPORAL_NAMESPACE, logger);
      const db = await openDb({ databaseUrl });
      const { mailer } = await mailSetup(config);
      if (!config.SMTP_URL) logger.warn('SMTP_URL is not set: mail goes to the outbox under DATA_DIR');
      const connectors = await loadConnectors(processEnv(), config.journeysDir);
      const client = lazyClient({ address, namespace: config.TEMPORAL_NAMESPACE });
      const activities = buildActivities({ ...activitySetupFromConfig(config, db, mailer, secret), connectors, temporal: { client, taskQueue: config.TEMPORAL_TASK_QUEUE }, env: processEnv() });
      const worker = await startWorker(config, address, activities, logger);
      await startCrmWorkflows(client, config.TEMPORAL_TASK_QUEUE, processEnv(), connectors, logger);
      const metrics = config.METRICS_PORT ? await serveWorkerMetrics(config.METRICS_PORT, config.HOST) : undefined;
      await startTeamWorkflows(client, config.TEMPORAL_TASK_QUEUE, journeyLibrary(config.journeysDir), logger);
      logger.info({ temporal: address, taskQueue: config.TEMPORAL_TASK_QUEUE, connectors: [...connectors.keys()], metrics: metrics?.url }, 'worker running');
      untilSignal(async () => {
        await metrics?.stop();
        await worker.stop();
        mailer.close();
        await client.connection.close();
        await db.close();
      }, logger);
      await worker.done;
    });
}
