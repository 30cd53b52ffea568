import { request } from 'undici';
import { NotifyError } from '../notifier.js';

// One reading of Retry-After for every outbound client.
export { retryAfterMs } from '../../../connectors/shared/http.js';

export interface PostResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed body, or undefined when it is not JSON (Slack answers in plain text). */
  json: Record<string, unknown> | undefined;
  text: string;
}

const TIMEOUT_MS = 10_000;

/** The address without its query, so a key in `?key=` or `?access_token=` never reaches a log. */
export const safeHost = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid address';
  }
};

/**
 * Posts one JSON body. A network failure or timeout is a retryable NotifyError naming the host
 * only: webhook addresses hold their robot's key.
 */
export async function postJson(url: string, body: unknown, opts: { signal?: AbortSignal } = {}): Promise<PostResult> {
  try {
    const res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
      signal: opts.signal,
    });
    const text = await res.body.text();
    let json: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = text ? JSON.parse(text) : undefined;
      json = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, headers: res.headers, json, text };
  } catch (err) {
    throw new NotifyError(`POST ${safeHost(url)}: ${(err as Error).message}`, true, { cause: err });
  }
}
