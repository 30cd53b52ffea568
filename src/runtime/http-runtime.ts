import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
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
import { insightStore } from '../store/insight-store.js';
import { insightQueries } from '../store/insight-queries.js';
import { journeyLibrary } from '../journeys/library.js';

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

/** What the numbers need: the event log, and the team and targets from journeys/. */
export function httpInsightSetup(config: Config, db: Db): NonNullable<AppOptions['insight']> {
  return { store: insightStore(db), queries: insightQueries(db), library: journeyLibrary(config.journeysDir) };
}

export interface RunningHttp {
  url: string;
  stop(): Promise<void>;
}

export interface HttpSetup {
  client: Client;
  apiToken: string;
  logger: Logger;
  mail: AppOptions['mail'];
  outbox?: FileOutbox;
  crm?: AppOptions['crm'];
  insight?: AppOptions['insight'];
}

/** The connection limits of the listener, from the configuration (see the README's table). */
export type HttpLimits = Pick<Config, 'HTTP_HEADERS_TIMEOUT' | 'HTTP_REQUEST_TIMEOUT' | 'HTTP_IDLE_TIMEOUT' | 'HTTP_MAX_CONNECTIONS'>;

/**
 * Node's own defaults let a sender that trickles a byte every few hundred milliseconds hold a
 * socket for 300 s, and accept connections without bound. The timeouts are checked at a fraction
 * of the shortest one, so a slow client is cut off close to its deadline.
 */
function serverOptions(limits: HttpLimits) {
  return {
    headersTimeout: limits.HTTP_HEADERS_TIMEOUT,
    requestTimeout: Math.max(limits.HTTP_REQUEST_TIMEOUT, limits.HTTP_HEADERS_TIMEOUT),
    keepAliveTimeout: limits.HTTP_IDLE_TIMEOUT,
    connectionsCheckingInterval: Math.max(250, Math.min(limits.HTTP_HEADERS_TIMEOUT, limits.HTTP_REQUEST_TIMEOUT) / 4),
  };
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large', 'the request line or headers are larger than 16 KiB'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request_timeout', 'the request did not arrive in time'],
  ERR_HTTP_HEADERS_TIMEOUT: [408, 'request_timeout', 'the request headers did not arrive in time'],
};

/**
 * Requests Node refuses before the app sees them (a 20,000-character URL, a malformed request
 * line, a timeout) get the same JSON problem as every other client error, not a bare status line.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex, logger: Logger): void {
  logger.debug({ code: err.code }, 'refused a malformed or slow request');
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const [status, error, message] = (err.code && Object.hasOwn(CLIENT_ERRORS, err.code) ? CLIENT_ERRORS[err.code] : undefined) ?? [400, 'bad_request', 'the request is not valid HTTP'];
  const body = JSON.stringify({ error, message });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

export async function startHttp(config: Config, setup: HttpSetup): Promise<RunningHttp> {
  const app = createApp({ taskQueue: config.TEMPORAL_TASK_QUEUE, dashboardPassword: config.DASHBOARD_PASSWORD, ...setup });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST, serverOptions: serverOptions(config) }, () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`PORT: ${config.HOST}:${config.PORT} is already in use`) : err),
    );
  });
  server.maxConnections = config.HTTP_MAX_CONNECTIONS;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => answerClientError(err, socket, setup.logger));
  // An open socket that sends nothing at all (no request in flight) is closed too.
  server.setTimeout(Math.max(config.HTTP_REQUEST_TIMEOUT, config.HTTP_IDLE_TIMEOUT));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  return {
    url: `http://${config.HOST}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      }),
  };
}
