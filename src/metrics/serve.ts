import { createServer } from 'node:http';
import { leadflowMetrics } from './registry.js';

/**
 * `/metrics` of a worker running as its own process (`leadflow worker` with METRICS_PORT): its
 * e-mails, CRM calls and activity timings, which the HTTP server's `/metrics` cannot see.
 */
export async function serveWorkerMetrics(port: number, host: string): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found","message":"only /metrics is served here"}');
      return;
    }
    const { registry } = leadflowMetrics();
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return { url: `http://${host}:${port}/metrics`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
