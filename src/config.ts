import { resolve } from 'node:path';
import { z } from 'zod';
import { parseDuration } from './domain/duration.js';
import { processEnv, type Env } from './env.js';

/** A duration setting (`10s`, `2m`), as milliseconds. */
const durationMs = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parseDuration(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    });

/** Every setting leadflow reads from the environment, validated in one place. */
const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port, e.g. temporal:7233').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('leadflow'),
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  TEMPORAL_CLI_PATH: z.string().optional(),
  TEMPORAL_TEST_SERVER_PATH: z.string().optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).default('leadflow <noreply@leadflow.local>'),
  LEADFLOW_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** An operator password for the dashboard's login, besides the API token. */
  DASHBOARD_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  /** Where `leadflow leads import|export` finds a running server's API. */
  LEADFLOW_URL: z.url('must be a URL such as http://127.0.0.1:3000').default('http://127.0.0.1:3000'),
  LEADFLOW_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JOURNEYS_DIR: z.string().min(1).default('./journeys'),
  DATA_DIR: z.string().min(1).default('./data'),
  MAIL_RATE_PER_SECOND: z.coerce.number().positive().max(10_000).default(10),
  MAIL_TRACKING: z.enum(['true', 'false']).default('true'),
  UNSUBSCRIBE_MAILTO: z.email('must be an e-mail address').optional(),
  DKIM_DOMAIN: z.string().min(3).optional(),
  DKIM_SELECTOR: z.string().min(1).optional(),
  DKIM_PRIVATE_KEY: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' }).optional(),
  DKIM_PRIVATE_KEY_FILE: z.string().optional(),
  ESP_WEBHOOK_SECRET: z.string().startsWith('whsec_', 'must be a Standard Webhooks secret (whsec_…)').optional(),
  SENDGRID_WEBHOOK_PUBLIC_KEY: z.string().min(40, 'must be the base64 public key from SendGrid').optional(),
  /** A client must send its request headers within this, and its whole request within the next (slow senders hold sockets). */
  HTTP_HEADERS_TIMEOUT: durationMs('10s'),
  HTTP_REQUEST_TIMEOUT: durationMs('30s'),
  /** An idle keep-alive connection is closed after this. */
  HTTP_IDLE_TIMEOUT: durationMs('5s'),
  /** Connections beyond this are refused at once, so a flood cannot exhaust file descriptors. */
  HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /**
   * Journeys a worker keeps in memory between their steps. The SDK's default grows with the
   * machine's memory (14,000 on 24 GiB) while one workflow thread's heap does not, so a large
   * import filled it and the worker died; a journey not in the cache is replayed when it wakes.
   */
  TEMPORAL_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(1000),
  /** `leadflow worker` serves its own /metrics on this port (the HTTP server's /metrics covers `start`). */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema> & { publicUrl: string; journeysDir: string; dataDir: string };

/** A setting is wrong; the message names the variable so the operator knows what to fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Env = processEnv()): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(blanksRemoved);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const c = result.data;
  const dkim = [c.DKIM_DOMAIN, c.DKIM_SELECTOR, c.DKIM_PRIVATE_KEY ?? c.DKIM_PRIVATE_KEY_FILE];
  if (dkim.some(Boolean) && !dkim.every(Boolean)) {
    throw new ConfigError('invalid configuration:\n  DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY (or DKIM_PRIVATE_KEY_FILE): set all of them or none');
  }
  return {
    ...c,
    publicUrl: (c.PUBLIC_URL ?? `http://${c.HOST === '0.0.0.0' ? '127.0.0.1' : c.HOST}:${c.PORT}`).replace(/\/$/, ''),
    journeysDir: resolve(c.JOURNEYS_DIR),
    dataDir: resolve(c.DATA_DIR),
  };
}
