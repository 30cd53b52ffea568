import { createHmac, timingSafeEqual } from 'node:crypto';

/** Standard Webhooks (standardwebhooks.com): `webhook-id`, `webhook-timestamp`, `webhook-signature`. */
export const TOLERANCE_S = 300;

export type WebhookCheck = { ok: true; id: string } | { ok: false; problem: string };

function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}

export function signStandardWebhook(secret: string, id: string, timestamp: number, body: string | Uint8Array): string {
  const mac = createHmac('sha256', secretBytes(secret)).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

/**
 * Checks the signature over the raw bytes, in constant time, against every secret given (for
 * rotation) and every `v1,` signature in the header; the timestamp must be within five minutes.
 */
export function verifyStandardWebhook(secrets: string[], headers: { id?: string; timestamp?: string; signature?: string }, body: Uint8Array, nowS = Math.floor(Date.now() / 1000)): WebhookCheck {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, problem: 'webhook-id, webhook-timestamp and webhook-signature headers are required' };
  const ts = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(nowS - ts) > TOLERANCE_S) return { ok: false, problem: 'webhook-timestamp is missing or more than 5 minutes off' };
  const given = signature.split(' ').filter((s) => s.startsWith('v1,')).map((s) => Buffer.from(s.slice(3), 'base64'));
  for (const secret of secrets) {
    const expected = Buffer.from(signStandardWebhook(secret, id, ts, body).slice(3), 'base64');
    if (given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))) return { ok: true, id };
  }
  return { ok: false, problem: 'no webhook-signature matches' };
}
