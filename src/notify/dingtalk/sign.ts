import { createHmac } from 'node:crypto';

/**
 * DingTalk's 加签: Base64 of HMAC-SHA256 keyed with the secret over `timestamp + "\n" + secret`,
 * the timestamp in milliseconds. Computed afresh for every request: DingTalk refuses a timestamp
 * more than an hour from its clock, and a signature made once at start-up dies after an hour.
 * The caller URL-encodes it once (URLSearchParams does).
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}
