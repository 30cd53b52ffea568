import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubspotFake, type HubspotFake } from '../../test/fakes/hubspot-fake.js';
import type { InboundRequest } from '../connector.js';
import { hubspotConfigSchema } from './config.js';
import { hubspotConnector } from './index.js';
import { signHubspotV3, signedUri } from './signature.js';

/**
 * HubSpot's published v3 vector, from the official Python SDK's tests
 * (`HubSpot/hubspot-api-python` tests/spec/utils/test_signature.py, `test_get_signature__v3`).
 * The secret and URL are those of HubSpot's validation docs; the timestamp is the test's.
 */
const VECTOR = {
  secret: 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy',
  method: 'POST',
  url: 'https://www.example.com/webhook_uri',
  body: "{'example_field':'example_value'}",
  timestamp: '15000000',
  signature: 'HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=',
};

const bytes = (s: string) => new TextEncoder().encode(s);

function request(o: { method?: string; url?: string; body?: string; timestamp?: string; signature?: string }): InboundRequest {
  const headers = new Headers();
  if (o.signature !== undefined) headers.set('X-HubSpot-Signature-v3', o.signature);
  if (o.timestamp !== undefined) headers.set('X-HubSpot-Request-Timestamp', o.timestamp);
  return { method: o.method ?? VECTOR.method, url: o.url ?? VECTOR.url, headers, body: bytes(o.body ?? VECTOR.body) };
}

function connectorAt(nowMs: number, extra: { clientSecret?: string; webhookUrl?: string } = {}) {
  const config = hubspotConfigSchema.parse({ accessToken: 'unused', clientSecret: VECTOR.secret, ...extra });
  return hubspotConnector(config, { now: () => nowMs });
}

describe('HubSpot signature v3', () => {
  const atVector = connectorAt(Number(VECTOR.timestamp) + 1_000);
  const signed = { signature: VECTOR.signature, timestamp: VECTOR.timestamp };

  it('reproduces HubSpot’s published vector and accepts it', () => {
    expect(signHubspotV3(VECTOR.secret, VECTOR.method, VECTOR.url, VECTOR.body, VECTOR.timestamp)).toBe(VECTOR.signature);
    expect(atVector.verify(request(signed))).toEqual({ ok: true });
  });

  it('refuses a tampered body, and the same JSON serialised differently', () => {
    expect(atVector.verify(request({ ...signed, body: "{'example_field':'example_valuE'}" })).ok).toBe(false);
    expect(atVector.verify(request({ ...signed, body: "{'example_field': 'example_value'}" })).ok).toBe(false);
    const json = '[{"eventId":1,"objectId":123}]';
    const ts = VECTOR.timestamp;
    const sig = signHubspotV3(VECTOR.secret, 'POST', VECTOR.url, json, ts);
    expect(atVector.verify(request({ body: json, signature: sig, timestamp: ts })).ok).toBe(true);
    const reserialised = JSON.stringify(JSON.parse(json), null, 2);
    expect(atVector.verify(request({ body: reserialised, signature: sig, timestamp: ts })).ok).toBe(false);
  });

  it('refuses another method, another URI, another secret and a changed timestamp', () => {
    expect(atVector.verify(request({ ...signed, method: 'PUT' })).ok).toBe(false);
    expect(atVector.verify(request({ ...signed, url: 'https://www.example.com/webhook_uri2' })).ok).toBe(false);
    expect(atVector.verify(request({ ...signed, url: 'http://www.example.com/webhook_uri' })).ok).toBe(false);
    expect(atVector.verify(request({ ...signed, timestamp: '15000001' })).ok).toBe(false);
    const other = hubspotConnector(hubspotConfigSchema.parse({ accessToken: 'x', clientSecret: 'another' }), { now: () => 15_001_000 });
    expect(other.verify(request(signed)).ok).toBe(false);
  });

  it('accepts 299 s either side and refuses 301 s, old or in the future', () => {
    const ts = Number(VECTOR.timestamp);
    expect(connectorAt(ts + 299_000).verify(request(signed))).toEqual({ ok: true });
    expect(connectorAt(ts - 299_000).verify(request(signed))).toEqual({ ok: true });
    const old = connectorAt(ts + 301_000).verify(request(signed));
    expect(old).toEqual({ ok: false, problem: expect.stringMatching(/5 minutes/) });
    expect(connectorAt(ts - 301_000).verify(request(signed)).ok).toBe(false);
  });

  it('refuses missing headers, a timestamp in seconds, and any call when no client secret is set', () => {
    expect(atVector.verify(request({ timestamp: VECTOR.timestamp })).ok).toBe(false);
    expect(atVector.verify(request({ signature: VECTOR.signature })).ok).toBe(false);
    expect(atVector.verify(request({ ...signed, timestamp: '15000000.5' })).ok).toBe(false);
    const seconds = '15000';
    const bySeconds = signHubspotV3(VECTOR.secret, 'POST', VECTOR.url, VECTOR.body, seconds);
    expect(atVector.verify(request({ signature: bySeconds, timestamp: seconds })).ok).toBe(false);
    const noSecret = hubspotConnector(hubspotConfigSchema.parse({ accessToken: 'x' }), { now: () => 15_001_000 });
    expect(noSecret.verify(request(signed))).toEqual({ ok: false, problem: expect.stringMatching(/HUBSPOT_CLIENT_SECRET/) });
  });

  it('decodes exactly HubSpot’s listed escapes in the URI before hashing, once', () => {
    expect(signedUri('https://h.example/a%3Ab%2Fc%3Fd%40e%21f%24g%27h%28i%29j%2Ak%2Cl%3Bm')).toBe("https://h.example/a:b/c?d@e!f$g'h(i)j*k,l;m");
    expect(signedUri('https://h.example/p?q=a%20b%26c%3Dd%253A')).toBe('https://h.example/p?q=a%20b%26c%3Dd%253A');
    // Signed independently over the string HubSpot hashes: `:`, `@` and `,` decoded, `%20` kept.
    const received = 'https://hooks.example.com/hubspot?tag=a%3Ab%40c%2Cd%20e';
    const hashed = 'https://hooks.example.com/hubspot?tag=a:b@c,d%20e';
    const ts = VECTOR.timestamp;
    const sig = createHmac('sha256', VECTOR.secret).update(`POST${hashed}${VECTOR.body}${ts}`).digest('base64');
    expect(atVector.verify(request({ url: received, signature: sig, timestamp: ts })).ok).toBe(true);
    const overDecoded = createHmac('sha256', VECTOR.secret).update(`POST${decodeURIComponent(received)}${VECTOR.body}${ts}`).digest('base64');
    expect(atVector.verify(request({ url: received, signature: overDecoded, timestamp: ts })).ok).toBe(false);
  });

  it('behind a proxy, verifies against HUBSPOT_WEBHOOK_URL with the query as received', () => {
    const publicUrl = 'https://crm.example.com/hooks/hubspot';
    const ts = VECTOR.timestamp;
    const sig = signHubspotV3(VECTOR.secret, 'POST', `${publicUrl}?portal=62515`, VECTOR.body, ts);
    const internal = request({ url: 'http://10.0.0.7:3000/webhooks/hubspot?portal=62515', signature: sig, timestamp: ts });
    expect(connectorAt(15_001_000, { webhookUrl: publicUrl }).verify(internal)).toEqual({ ok: true });
    expect(atVector.verify(internal).ok).toBe(false);
  });
});

describe('the fake signs webhooks as HubSpot does', () => {
  let fake: HubspotFake;
  beforeAll(async () => {
    fake = await startHubspotFake();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('produces deliveries the connector accepts, and only for the signed URL', () => {
    const connector = hubspotConnector(hubspotConfigSchema.parse({ accessToken: fake.token, clientSecret: fake.clientSecret, baseUrl: fake.baseUrl }));
    const url = 'https://leadflow.example.com/webhooks/hubspot?source=hs%3Aprod';
    const delivery = fake.signedWebhook([fake.dealEvent({ objectId: 1 })], { url });
    expect(connector.verify(delivery)).toEqual({ ok: true });
    expect(connector.verify({ ...delivery, url: 'https://leadflow.example.com/webhooks/hubspot' }).ok).toBe(false);
    const stale = fake.signedWebhook([fake.dealEvent({ objectId: 1 })], { url, timestamp: Date.now() - 301_000 });
    expect(connector.verify(stale).ok).toBe(false);
  });
});
