import { createHmac } from 'node:crypto';

/**
 * Feishu's custom-bot signature, which is not DingTalk's: `timestamp + "\n" + secret` is the HMAC
 * *key*, the message is empty, the timestamp is in seconds, and the Base64 result goes into the
 * JSON body as `sign` (no URL-encoding). Valid for an hour.
 */
export function feishuSign(secret: string, timestampS: number): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update('').digest('base64');
}
