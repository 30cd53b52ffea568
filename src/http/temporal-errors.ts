import { WorkflowNotFoundError } from '@temporalio/common';
import { isGrpcDeadlineError, isGrpcServiceError, ServiceError } from '@temporalio/client';
import { problem } from './problems.js';

const RETRY_AFTER_S = '5';
const UNAVAILABLE = 14;

function unavailable(err: unknown): boolean {
  if (isGrpcDeadlineError(err)) return true;
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if (isGrpcServiceError(e) && e.code === UNAVAILABLE) return true;
    if (e instanceof Error && /ConnectionError|TransportError/.test(e.name)) return true;
    if (e instanceof Error && /failed to connect|connection refused|ECONNREFUSED|UNAVAILABLE/i.test(e.message)) return true;
  }
  return false;
}

/**
 * Turns a Temporal client failure into the HTTP answer the sender can act on: 404 for an unknown
 * lead, 503 + Retry-After when Temporal (or, for queries, every worker) is away. Anything else is
 * ours to fix and propagates as a 500.
 */
export function fromTemporal(err: unknown, leadId?: string): never {
  if (err instanceof WorkflowNotFoundError) {
    throw problem(404, { error: 'lead_not_found', message: `no lead with id ${leadId ?? '?'}` });
  }
  if (unavailable(err) || (err instanceof ServiceError && unavailable(err.cause))) {
    throw problem(
      503,
      { error: 'temporal_unavailable', message: 'Temporal is not reachable right now; nothing was accepted. Retry later.' },
      { 'retry-after': RETRY_AFTER_S },
    );
  }
  throw err;
}

/** Runs a client call with a deadline, so a hung connection becomes a 503, not a hung request. */
export async function handOff<T>(call: () => Promise<T>, leadId?: string): Promise<T> {
  try {
    return await call();
  } catch (err) {
    return fromTemporal(err, leadId);
  }
}
