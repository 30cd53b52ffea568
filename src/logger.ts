import { pino, type DestinationStream, type Logger } from 'pino';

// Lead PII and secrets. Addresses and secrets are hidden wherever they sit one level down; names
// only where a lead's name sits: `*.name` also hid `err.name`, the class of an error and the first
// thing an operator reads.
const REDACTED = ['email', '*.email', 'name', 'lead.name', '*.lead.name', '*.token', '*.password', 'headers.authorization'];

export interface LoggerOptions {
  /** Where the JSON lines go; stdout by default. Commands whose stdout is their answer pass stderr. */
  destination?: DestinationStream;
}

/**
 * One logger for the process. Secrets never reach it; lead PII (e-mail, name) only at debug level,
 * so callers log lead ids, not addresses.
 */
export function createLogger(level = 'info', opts: LoggerOptions = {}): Logger {
  const options = { level, base: { app: 'leadflow' }, redact: REDACTED };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

export type { Logger };
