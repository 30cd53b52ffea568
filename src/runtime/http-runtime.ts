import { serve, type ServerType } from '@hono/node-server';
import type { Client } from '@temporalio/client';
import type { Config } from '../config.js';
import { createApp, type AppOptions } from '../http/app.js';
import type { Logger } from '../logger.js';
import type { FileOutbox } from '../mail/outbox.js';
import { linkTokens } from '../links/tokens.js';
import type { Db } from '../store/db.js';
import { mailStore } from '../store/mail-store.js';
import { surveyStore } from '../store/survey-store.js';

/** What the mail-facing routes need (unsubscribe, tracking, ESP events, surveys), from the one config. */
export function httpMailSetup(config: Config, db: Db, secret: string): NonNullable<AppOptions['mail']> {
  return {
    store: mailStore(db),
    tokens: linkTokens(secret),
    espSecrets: config.ESP_WEBHOOK_SECRET ? [config.ESP_WEBHOOK_SECRET] : [],
    sendgridPublicKey: config.SENDGRID_WEBHOOK_PUBLIC_KEY,
    surveys: surveyStore(db),
  };
}

export interface RunningHttp {
  url: string;
  stop(): Promise<void>;
}

export async function startHttp(config: Config, client: Client, apiToken: string, logger: Logger, mail: AppOptions['mail'], outbox?: FileOutbox, crm?: AppOptions['crm']): Promise<RunningHttp> {
  const app = createApp({ client, taskQueue: config.TEMPORAL_TASK_QUEUE, apiToken, logger, outbox, mail, crm });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`PORT: ${config.HOST}:${config.PORT} is already in use`) : err),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  return {
    url: `http://${config.HOST}:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
