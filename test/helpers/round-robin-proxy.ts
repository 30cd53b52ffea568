import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Several HTTP backends behind one port, as a load balancer puts them: requests go round-robin,
 * and a request whose backend is down (connection refused or reset) goes to the next one. Safe
 * here because every leadflow write is idempotent by its id.
 */
export async function roundRobinProxy(backends: string[]): Promise<{ url: string; tried: Map<string, number>; close(): Promise<void> }> {
  let next = 0;
  const tried = new Map<string, number>();
  const forward = (req: IncomingMessage, body: Buffer, target: string) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const url = new URL(req.url ?? '/', target);
      // A fresh connection per request: a pooled one the backend closed while idle would look like a dead backend.
      const out = request(url, { method: req.method, headers: { ...req.headers, host: url.host, connection: 'close' }, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      for (let attempt = 0; attempt < 2 * backends.length; attempt++) {
        const target = backends[next++ % backends.length]!;
        tried.set(target, (tried.get(target) ?? 0) + 1);
        try {
          const answer = await forward(req, body, target);
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body);
          return;
        } catch {
          // down: the next backend
        }
      }
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'bad_gateway', message: 'no backend answered' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tried,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
