import { describe, expect, it } from 'vitest';
import { signStandardWebhook, verifyStandardWebhook } from './standard-webhooks.js';

// The example from the Standard Webhooks / Svix documentation ("verifying payloads manually").
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TS = 1614265330;
const BODY = '{"test": 2432232314}';
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

const bytes = (s: string) => new TextEncoder().encode(s);
const check = (body: string, headers: { id?: string; timestamp?: string; signature?: string }, now = TS, secrets = [SECRET]) => verifyStandardWebhook(secrets, headers, bytes(body), now);
const good = { id: ID, timestamp: String(TS), signature: SIGNATURE };

describe('Standard Webhooks signatures', () => {
  it('reproduces and accepts the published example', () => {
    expect(signStandardWebhook(SECRET, ID, TS, BODY)).toBe(SIGNATURE);
    expect(check(BODY, good)).toEqual({ ok: true, id: ID });
  });

  it('refuses a tampered body, the same JSON re-serialised, another id or another secret', () => {
    expect(check(BODY.replace('2432232314', '2432232315'), good).ok).toBe(false);
    expect(check(JSON.stringify(JSON.parse(BODY)), good).ok).toBe(false);
    expect(check(BODY, { ...good, id: 'msg_other' }).ok).toBe(false);
    expect(check(BODY, good, TS, ['whsec_' + Buffer.from('another secret entirely').toString('base64')]).ok).toBe(false);
  });

  it('accepts timestamps up to 300 s away, either way, and not one second more', () => {
    expect(check(BODY, good, TS + 299).ok).toBe(true);
    expect(check(BODY, good, TS + 301).ok).toBe(false);
    expect(check(BODY, good, TS - 299).ok).toBe(true);
    expect(check(BODY, good, TS - 301).ok).toBe(false);
  });

  it('rotates: any listed signature against any configured secret', () => {
    const next = 'whsec_' + Buffer.from('the-next-secret-0123456789').toString('base64');
    const both = { ...good, signature: `${signStandardWebhook(next, ID, TS, BODY)} ${SIGNATURE}` };
    expect(check(BODY, both, TS, [next]).ok).toBe(true);
    expect(check(BODY, good, TS, [next, SECRET]).ok).toBe(true);
    expect(check(BODY, { ...good, signature: 'v2,whatever' }).ok).toBe(false);
    expect(check(BODY, { id: ID, timestamp: String(TS) }).ok).toBe(false);
  });
});
