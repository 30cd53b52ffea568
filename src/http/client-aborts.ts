import type { Logger } from '../logger.js';

/** A request whose client went away mid-upload: Node's `aborted` / ECONNRESET, or the request's signal. */
export function isClientAbort(err: unknown, request: Request): boolean {
  if (request.signal?.aborted) return true;
  const e = err as { code?: string; message?: string; name?: string } | undefined;
  return e?.code === 'ECONNRESET' || e?.code === 'ECONNABORTED' || e?.message === 'aborted' || e?.name === 'AbortError';
}

/**
 * Client aborts are the client's business: each is logged at debug, and at most one warning a
 * minute counts them, so 300 aborted uploads are not 300 error lines that page someone.
 */
export function clientAbortLog(logger: Logger, intervalMs = 60_000) {
  let lastWarnAt = -Infinity;
  let count = 0;
  return (path: string): void => {
    count += 1;
    logger.debug({ path }, 'client aborted its request');
    const now = Date.now();
    if (now - lastWarnAt < intervalMs) return;
    logger.warn({ aborted: count, path }, `client(s) aborted ${count} request(s) mid-upload since the last such warning`);
    lastWarnAt = now;
    count = 0;
  };
}
