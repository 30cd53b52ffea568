import { pino, type Logger } from 'pino';

/**
 * One logger for the process. Secrets never reach it; lead PII (e-mail, name) only at debug level,
 * so callers log lead ids, not addresses.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { app: 'leadflow' }, redact: ['*.email', '*.name', '*.token', '*.password', 'headers.authorization'] });
}

export type { Logger };
