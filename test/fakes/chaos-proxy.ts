import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { request } from 'undici';

/**
 * A failure-injecting HTTP proxy in front of a CRM fake: what a CRM does on a bad day, shaped the
 * way that vendor does it. A fault is either scripted (the next matching request gets it, for
 * tests that need one exact failure) or drawn from a seeded sequence at `faultRate` (the chaos
 * run: the same seed gives the same faults in the same order of requests).
 *
 * - `rate-limit`: HubSpot and Zoho answer 429 with `Retry-After` and their own body; Fxiaoke
 *   answers HTTP 200 with `errorCode` 30004, as it does.
 * - `server-error`: a gateway's 502 or 503 with an HTML page.
 * - `vendor-error`: the vendor's own "busy": HubSpot and Zoho a 500 JSON error, Fxiaoke HTTP 200
 *   with `errorCode` -1.
 * - `slow`: the request waits, then goes through.
 * - `lost`: the request goes through and the CRM acts on it, then the connection is cut before
 *   the answer reaches the caller (the write landed; the caller does not know).
 * Token endpoints are exempt by default: a CRM's auth server is not what this tests.
 */
export type ChaosVendor = 'hubspot' | 'zoho' | 'fxiaoke';
export const FAULT_KINDS = ['rate-limit', 'server-error', 'vendor-error', 'slow', 'lost'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What a scripted fault does: one of the kinds, an exact answer of the test's choosing, or nothing (`pass`, to let one request by). */
export type Fault = { kind: FaultKind; delayMs?: number } | { kind: 'respond'; status: number; body: string; headers?: Record<string, string> } | { kind: 'pass' };

export interface RequestMatch {
  method?: string;
  /** A path prefix, or a pattern over the path. */
  path: string | RegExp;
}

export interface ChaosProxyOptions {
  upstream: string;
  vendor: ChaosVendor;
  seed?: number;
  /** Share of eligible requests that get a random fault; 0 until set. */
  faultRate?: number;
  /** Paths never faulted (default: the vendors' token endpoints). */
  exempt?: (path: string) => boolean;
}

const TOKEN_PATHS = ['/oauth/v2/token', '/cgi/corpAccessToken/get/V2'];
const SEQUENCE_LENGTH = 20_000;

const html = (status: number) => `<html><head><title>${status}</title></head><body><center><h1>${status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>`;
const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, body: JSON.stringify(body), headers: { 'content-type': 'application/json;charset=utf-8', ...headers } });

/** The answer a fault gives instead of the CRM's, in the vendor's shape. */
function faultAnswer(vendor: ChaosVendor, kind: 'rate-limit' | 'server-error' | 'vendor-error', pick: number) {
  if (kind === 'server-error') return { status: pick % 2 ? 503 : 502, body: html(pick % 2 ? 503 : 502), headers: { 'content-type': 'text/html' } };
  if (vendor === 'fxiaoke') {
    const [errorCode, errorMessage] = kind === 'rate-limit' ? [30004, 'call frequency exceeded'] : [-1, '系统繁忙，请稍后重试'];
    return json(200, { errorCode, errorMessage, traceId: `E-O.chaos.${randomUUID().slice(0, 8)}` });
  }
  if (vendor === 'zoho') {
    return kind === 'rate-limit'
      ? json(429, { code: 'TOO_MANY_REQUESTS', details: {}, message: 'too many requests. please try again after some time', status: 'error' }, { 'retry-after': '1' })
      : json(500, { code: 'INTERNAL_ERROR', details: {}, message: 'Internal Server Error', status: 'error' });
  }
  return kind === 'rate-limit'
    ? json(429, { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', correlationId: randomUUID(), policyName: 'TEN_SECONDLY_ROLLING' }, { 'retry-after': '1', 'x-hubspot-ratelimit-interval-milliseconds': '10000' })
    : json(500, { status: 'error', message: 'internal error', correlationId: randomUUID(), category: 'INTERNAL_ERROR' });
}

function matches(m: RequestMatch, method: string, path: string): boolean {
  if (m.method && m.method !== method) return false;
  return typeof m.path === 'string' ? path.startsWith(m.path) : m.path.test(path);
}

/** Starts the proxy on 127.0.0.1 at a free port. */
export async function startChaosProxy(opts: ChaosProxyOptions) {
  const exempt = opts.exempt ?? ((path: string) => TOKEN_PATHS.includes(path));
  let faultRate = opts.faultRate ?? 0;
  // One draw per eligible request: [chance, kind, delay]. Seeded, so a run can be repeated.
  // `noBias`: fast-check otherwise favours edge values, which would skew the mix of faults.
  const draws = fc.sample(fc.noBias(fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.nat(FAULT_KINDS.length - 1), fc.integer({ min: 400, max: 3000 }))), { seed: opts.seed ?? 1, numRuns: SEQUENCE_LENGTH });
  let drawn = 0;
  // In request order: the next matching request takes the first entry that matches it.
  const scripted: { match: RequestMatch; fault?: Fault; hold?: { arrived: () => void; released: Promise<void> } }[] = [];
  let outage: Fault | undefined;
  const stats = {
    requests: 0,
    faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>,
    /** Requests other than GETs whose answer was cut after the CRM acted on them. */
    lostWrites: [] as { method: string; path: string }[],
  };

  function choose(method: string, path: string): (typeof scripted)[number] | undefined {
    const i = scripted.findIndex((s) => matches(s.match, method, path));
    if (i >= 0) return scripted.splice(i, 1)[0];
    if (exempt(path)) return undefined;
    if (outage) return { match: { path }, fault: outage };
    if (faultRate <= 0) return undefined;
    const [chance, kind, delayMs] = draws[drawn++ % SEQUENCE_LENGTH]!;
    return chance / 10_000 < faultRate ? { match: { path }, fault: { kind: FAULT_KINDS[kind]!, delayMs } } : undefined;
  }

  async function forward(req: IncomingMessage, path: string, body: Buffer) {
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length', 'transfer-encoding'].includes(k))) as Record<string, string>;
    const res = await request(`${opts.upstream}${req.url ?? path}`, { method: (req.method ?? 'GET') as 'GET', headers, body: body.length ? body : undefined });
    const text = await res.body.text();
    const out = Object.fromEntries(Object.entries(res.headers).filter(([k]) => !['connection', 'transfer-encoding', 'content-length', 'keep-alive'].includes(k))) as Record<string, string>;
    return { status: res.statusCode, body: text, headers: out };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    stats.requests += 1;
    const chosen = choose(method, path);
    if (chosen?.hold) {
      chosen.hold.arrived();
      await chosen.hold.released;
    }
    const fault = chosen?.fault;
    if (fault && fault.kind !== 'respond' && fault.kind !== 'pass') stats.faults[fault.kind] += 1;
    let answer;
    if (fault?.kind === 'respond') answer = { status: fault.status, body: fault.body, headers: fault.headers ?? {} };
    else if (fault?.kind === 'rate-limit' || fault?.kind === 'server-error' || fault?.kind === 'vendor-error') answer = faultAnswer(opts.vendor, fault.kind, stats.requests);
    else {
      if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1500));
      answer = await forward(req, path, body);
      if (fault?.kind === 'lost') {
        if (method !== 'GET') stats.lostWrites.push({ method, path });
        req.socket.destroy();
        return;
      }
    }
    res.writeHead(answer.status, answer.headers).end(answer.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`chaos proxy: upstream failed: ${String(err)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    stats,
    /** From now on, this share of eligible requests gets a random fault (0 stops them). */
    setFaultRate(rate: number): void {
      faultRate = rate;
    },
    /** The next request that matches gets this fault, whatever the rate. */
    failNext(match: RequestMatch, fault: Fault, times = 1): void {
      for (let i = 0; i < times; i++) scripted.push({ match, fault });
    },
    /**
     * The next matching request waits at the proxy, before the CRM sees it, until `release()`:
     * `arrived` resolves once it is waiting.
     */
    hold(match: RequestMatch): { arrived: Promise<void>; release: () => void } {
      let arrived!: () => void;
      let release!: () => void;
      const arrivedP = new Promise<void>((r) => (arrived = r));
      const released = new Promise<void>((r) => (release = r));
      scripted.push({ match, hold: { arrived, released } });
      return { arrived: arrivedP, release };
    },
    /** Every eligible request gets this fault until `healthy()`: an outage. */
    down(fault: Fault): void {
      outage = fault;
    },
    /** No more faults of any kind: the CRM is healthy again. */
    healthy(): void {
      faultRate = 0;
      outage = undefined;
      scripted.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type ChaosProxy = Awaited<ReturnType<typeof startChaosProxy>>;
