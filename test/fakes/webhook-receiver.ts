import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyStandardWebhook } from '../../connectors/shared/standard-webhooks.js';

export interface Received {
  id: string;
  type: string;
  data: Record<string, unknown>;
  verified: boolean;
}

/** A system on the other end of the generic connector: it checks signatures and keeps what came. */
export async function startWebhookReceiver(secret: string, onReceive?: (r: Received) => void | Promise<void>) {
  const received: Received[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const check = verifyStandardWebhook([secret], { id: req.headers['webhook-id'] as string, timestamp: req.headers['webhook-timestamp'] as string, signature: req.headers['webhook-signature'] as string }, body);
    const json = JSON.parse(body.toString()) as { type: string; data: Record<string, unknown> };
    const r = { id: String(req.headers['webhook-id']), type: json.type, data: json.data, verified: check.ok };
    received.push(r);
    res.writeHead(check.ok ? 200 : 401).end();
    if (check.ok) await onReceive?.(r);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
