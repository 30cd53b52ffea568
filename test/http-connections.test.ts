import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { genericConnector } from '../connectors/generic/index.js';
import { loadConfig } from '../src/config.js';
import { crmStore } from '../src/store/crm-store.js';
import { testDb } from './helpers/temporal.js';
import { createLogger } from '../src/logger.js';
import { startHttp, type RunningHttp } from '../src/runtime/http-runtime.js';
import { lazyClient } from '../src/temporal/client.js';

const TOKEN = 'test-token-0123456789abcdef';
const SECRET = `whsec_${Buffer.from('connections-secret-0123456789').toString('base64')}`;

/** A raw TCP client: what it was sent back, and whether the server closed it. */
function rawClient(url: string) {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect(Number(port), hostname);
  let received = '';
  socket.on('data', (d) => (received += d.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  let isClosed = false;
  void closed.then(() => (isClosed = true));
  return { socket, closed, received: () => received, isClosed: () => isClosed };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the HTTP listener’s limits', () => {
  const lines: { level: number; msg: string }[] = [];
  let http: RunningHttp;

  beforeAll(async () => {
    const config = loadConfig({ PORT: '0', HTTP_HEADERS_TIMEOUT: '1s', HTTP_REQUEST_TIMEOUT: '2s', HTTP_IDLE_TIMEOUT: '1s', HTTP_MAX_CONNECTIONS: '4' });
    const logger = createLogger('debug', { destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
    http = await startHttp(config, { client: lazyClient({ address: inject('devServerAddress'), namespace: 'default' }), apiToken: TOKEN, logger, mail: undefined, crm: { connectors: new Map([['generic', genericConnector({ secrets: [SECRET] })]]), store: crmStore(await testDb()) } });
  });
  afterAll(async () => {
    await http?.stop();
  });

  it('cuts off a body that trickles a byte every 300 ms with 408, long before Node’s 300 s', async () => {
    const c = rawClient(http.url);
    c.socket.write(`POST /api/leads HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`);
    // The trickle would take 300 s to finish; it stops when the server closes the connection.
    for (let i = 0; i < 1000 && !c.isClosed(); i++) {
      c.socket.write('{');
      await sleep(300);
    }
    expect(c.isClosed()).toBe(true);
    expect(c.received()).toMatch(/^HTTP\/1\.1 408/);
    expect(c.received()).toContain('{"error":"request_timeout"');
  });

  it('answers a request Node refuses before the app (a 20,000-character URL) with a JSON problem', async () => {
    const res = await fetch(`${http.url}/api/leads/${'x'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(await res.json()).toMatchObject({ error: 'headers_too_large' });
  });

  it('cuts off request headers sent slowly', async () => {
    const c = rawClient(http.url);
    c.socket.write('GET /healthz HTTP/1.1\r\n');
    for (let i = 0; i < 1000 && !c.isClosed(); i++) {
      c.socket.write(`X-Slow-${i}: a\r\n`);
      await sleep(300);
    }
    expect(c.isClosed()).toBe(true);
    expect(c.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('refuses connections over the cap, and serves again once one closes', async () => {
    const held = [rawClient(http.url), rawClient(http.url), rawClient(http.url), rawClient(http.url)];
    await sleep(200);
    const extra = rawClient(http.url);
    await extra.closed;
    expect(extra.received()).toBe('');
    held[0]!.socket.destroy();
    await held[0]!.closed;
    await sleep(100);
    const res = await fetch(`${http.url}/healthz`);
    expect(res.status).toBe(200);
    for (const c of held) c.socket.destroy();
  });

  it('logs client aborts during an upload below error level, and rate-limited', async () => {
    lines.length = 0;
    for (let i = 0; i < 30; i++) {
      const c = rawClient(http.url);
      const path = i % 2 ? '/api/leads' : '/webhooks/generic';
      c.socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"id":"abc",`);
      await sleep(20);
      c.socket.destroy();
      await c.closed;
    }
    await sleep(300);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.filter((l) => l.level === 40).length).toBeLessThanOrEqual(1);
    expect((await fetch(`${http.url}/healthz`)).status).toBe(200);
  });
});
