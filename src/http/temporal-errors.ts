import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { isGrpcDeadlineError, isGrpcServiceError, ServiceError } from '@temporalio/client';
import { problem } from './problems.js';

const RETRY_AFTER_S = '5';
const UNAVAILABLE = 14;
const DEFAULT_TIMEOUT_MS = 10_000;

/** Error codes of the documented 503s, one constant each: clients and the fuzz suite key on them. */
export const UNAVAILABLE_ERRORS = {
  temporal: 'temporal_unavailable',
  journey: 'journey_not_answering',
  crm: 'crm_unavailable',
  store: 'store_unavailable',
} as const;

/** What a 503 promises, said once: the hand-off may have landed, and a retry with the same id is harmless. */
export const MAY_HAVE_BEEN_ACCEPTED = 'it may have been accepted; retrying with the same id is safe';

/** Our own deadline passed before Temporal answered, whatever the client was waiting on (a reconnect included). */
export class HandOffTimeoutError extends Error {
  override name = 'HandOffTimeoutError';
}

function unavailable(err: unknown): boolean {
  if (err instanceof HandOffTimeoutError || isGrpcDeadlineError(err)) return true;
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if (e instanceof HandOffTimeoutError) return true;
    if (isGrpcServiceError(e) && e.code === UNAVAILABLE) return true;
    if (e instanceof Error && /ConnectionError|TransportError/.test(e.name)) return true;
    if (e instanceof Error && /failed to connect|connection refused|ECONNREFUSED|UNAVAILABLE|DEADLINE_EXCEEDED/i.test(e.message)) return true;
  }
  return false;
}

/**
 * Runs a client call that must finish by `timeoutMs`. The gRPC deadline alone is not enough: a
 * call waiting for the client to reconnect started its clock late (a request once took 15.8 s
 * against 10 s), so a timer of our own aborts the call and answers in time.
 */
export async function withEnforcedDeadline<T>(client: Client, timeoutMs: number, call: () => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new HandOffTimeoutError(`Temporal did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  const running = client.connection.withAbortSignal(controller.signal, () => client.connection.withDeadline(Date.now() + timeoutMs, call));
  // Whichever loses the race must not surface later as an unhandled rejection.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Turns a Temporal client failure into the HTTP answer the sender can act on: 404 for an unknown
 * lead, 503 + Retry-After when Temporal is away or slow. Anything else is ours to fix and
 * propagates as a 500.
 */
export function fromTemporal(err: unknown, leadId?: string): never {
  if (err instanceof WorkflowNotFoundError) {
    throw problem(404, { error: 'lead_not_found', message: `no lead with id ${leadId ?? '?'}` });
  }
  if (unavailable(err) || (err instanceof ServiceError && unavailable(err.cause))) {
    throw problem(503, { error: UNAVAILABLE_ERRORS.temporal, message: `Temporal did not confirm the hand-off in time: ${MAY_HAVE_BEEN_ACCEPTED}. Retry after Retry-After seconds.` }, { 'retry-after': RETRY_AFTER_S });
  }
  throw err;
}

export interface HandOffOptions {
  client: Client;
  /** The whole call's deadline; default 10 s. */
  timeoutMs?: number;
  /** Named in the 404 of an unknown lead. */
  leadId?: string;
}

/** Runs a client call under an enforced deadline and answers its failure as HTTP (see fromTemporal). */
export async function handOff<T>(opts: HandOffOptions, call: () => Promise<T>): Promise<T> {
  try {
    return await withEnforcedDeadline(opts.client, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, call);
  } catch (err) {
    return fromTemporal(err, opts.leadId);
  }
}

/**
 * A query that timed out does not mean Temporal is away: the lead's workflow may have no worker
 * polling for it. Asks Temporal itself, briefly, so the answer names the right problem.
 */
export async function fromQueryFailure(client: Client, err: unknown, leadId: string): Promise<never> {
  if (err instanceof WorkflowNotFoundError) return fromTemporal(err, leadId);
  const temporalAnswers = await withEnforcedDeadline(client, 2_000, () => client.workflowService.getSystemInfo({})).then(() => true, () => false);
  if (!temporalAnswers) {
    throw problem(503, { error: UNAVAILABLE_ERRORS.temporal, message: 'Temporal is not reachable right now. Retry after Retry-After seconds.' }, { 'retry-after': RETRY_AFTER_S });
  }
  // A timeout (no worker polls) or a journey whose workflow task fails: either way, not the client's doing.
  const why = unavailable(err) ? 'no worker answered in time' : `its query failed (${(err as Error).message})`;
  throw problem(503, { error: UNAVAILABLE_ERRORS.journey, message: `Temporal answers, but the journey of lead ${leadId} did not: ${why}. Check that \`leadflow worker\` runs; \`leadflow journeys doctor\` lists journeys in trouble. Retry after Retry-After seconds.` }, { 'retry-after': RETRY_AFTER_S });
}
