import { createHmac } from 'node:crypto';
import type { Verification } from '../connector.js';
import { safeEqual } from '../shared/safe-equal.js';

/**
 * HubSpot request signatures, version 3 (`X-HubSpot-Signature-v3`):
 * base64(HMAC-SHA256(clientSecret, method + uri + rawBody + timestamp)), the timestamp being the
 * `X-HubSpot-Request-Timestamp` header in epoch milliseconds, as sent.
 * Sources: developers.hubspot.com "Validating requests" (v3) and the official SDKs
 * (`HubSpot/hubspot-api-nodejs` src/utils/signature.ts, `HubSpot/hubspot-api-python` hubspot/utils/signature.py).
 */
export const SIGNATURE_HEADER = 'x-hubspot-signature-v3';
export const TIMESTAMP_HEADER = 'x-hubspot-request-timestamp';

/** HubSpot's documented replay window: 5 minutes, in ms. */
export const MAX_SKEW_MS = 300_000;

// HubSpot decodes exactly these escapes in the URI before signing; any other escape (%20, %25,
// %3D, %26, …) is signed as sent. The list is HubSpot's v3 validation table.
const DECODED: Record<string, string> = {
  '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$',
  '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';',
};

/** The URI as HubSpot puts it in the signed string: the listed escapes decoded, in one pass. */
export function signedUri(uri: string): string {
  return uri.replace(/%[0-9a-fA-F]{2}/g, (esc) => DECODED[esc.toUpperCase()] ?? esc);
}

/** The v3 signature of a request; the body is hashed as raw bytes, never re-serialised. */
export function signHubspotV3(clientSecret: string, method: string, uri: string, body: string | Uint8Array, timestamp: string): string {
  return createHmac('sha256', clientSecret).update(method + signedUri(uri)).update(body).update(timestamp).digest('base64');
}

export interface SignedRequest {
  method: string;
  /** The full URL HubSpot called, query included. */
  uri: string;
  body: Uint8Array;
  signature: string | null | undefined;
  timestamp: string | null | undefined;
}

/**
 * Checks a v3 signature in constant time. The timestamp must be within 5 minutes either way: older
 * is a replay; newer than the clock allows is a forgery or a clock to fix, and would otherwise let
 * a captured request be replayed for longer than the window.
 */
export function verifyHubspotV3(clientSecret: string | undefined, req: SignedRequest, nowMs: number): Verification {
  if (!clientSecret) return { ok: false, problem: 'HUBSPOT_CLIENT_SECRET is not set: HubSpot webhooks cannot be verified' };
  if (!req.signature || !req.timestamp) return { ok: false, problem: 'X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp headers are required' };
  if (!/^\d{1,16}$/.test(req.timestamp)) return { ok: false, problem: 'X-HubSpot-Request-Timestamp is not epoch milliseconds' };
  if (Math.abs(nowMs - Number(req.timestamp)) > MAX_SKEW_MS) return { ok: false, problem: 'X-HubSpot-Request-Timestamp is more than 5 minutes off' };
  const expected = signHubspotV3(clientSecret, req.method, req.uri, req.body, req.timestamp);
  return safeEqual(expected, req.signature.trim()) ? { ok: true } : { ok: false, problem: 'X-HubSpot-Signature-v3 does not match' };
}

/**
 * The URI to verify against: the configured public webhook URL with the query the request came
 * with, else the URL as received. The query is cut from the raw string, not re-serialised by a URL
 * parser, which would re-encode some characters and change the signed bytes.
 */
export function uriToVerify(receivedUrl: string, webhookUrl: string | undefined): string {
  if (!webhookUrl) return receivedUrl;
  const q = receivedUrl.indexOf('?');
  const hash = receivedUrl.indexOf('#');
  const query = q < 0 ? '' : receivedUrl.slice(q, hash > q ? hash : undefined);
  const base = webhookUrl.split(/[?#]/)[0]!;
  return base + query;
}
