import { request, type Dispatcher } from 'undici';
import { CrmError, CrmRateLimitError } from '../errors.js';

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or undefined for an empty or non-JSON body. */
  json: unknown;
  text: string;
}

export interface HttpOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
}

/** Seconds or an HTTP date, as `Retry-After` allows; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * One JSON call over undici. Network failures and timeouts become retryable CrmErrors; the
 * caller reads vendor semantics from status and body (Fxiaoke answers errors with HTTP 200).
 */
export async function httpJson(url: string, opts: HttpOptions = {}): Promise<HttpResponse> {
  const timeout = opts.timeoutMs ?? 15_000;
  let res: Dispatcher.ResponseData;
  try {
    res = await request(url, {
      method: opts.method ?? 'GET',
      headers: { accept: 'application/json', ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      dispatcher: opts.dispatcher,
    });
  } catch (err) {
    throw new CrmError(`${opts.method ?? 'GET'} ${new URL(url).host}: ${(err as Error).message}`, true, { cause: err });
  }
  const text = await res.body.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, json, text };
}

/** The generic reading of HTTP status: 429 and 5xx are for later; the rest is the caller's. */
export function throwForTransient(res: HttpResponse, what: string): void {
  if (res.status === 429) throw new CrmRateLimitError(`${what}: rate limited (429)`, retryAfterMs(res.headers['retry-after']) ?? 10_000);
  if (res.status >= 500) throw new CrmError(`${what}: server error ${res.status}`, true);
}
