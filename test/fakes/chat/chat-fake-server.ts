import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message a fake accepted: what the chat would show, with the fake's own clock time. */
export interface FakeMessage {
  /** When the fake took it, on its own clock (injected in time-skipped tests). */
  at: number;
  /** The robot it was posted to (key, access_token, hook id, webhook path). */
  robot: string;
  body: Record<string, unknown>;
  /** Bytes of the request body. */
  bytes: number;
  /** Members the message notifies (userids, mobiles, open_ids, member ids). */
  notified: string[];
}

/** A request the fake refused, with the vendor's code. */
export interface FakeRefusal {
  at: number;
  robot: string;
  code: string | number;
  reason: string;
}

/**
 * How the fake misbehaves, set by a test:
 * - `stall`: hold the next N requests without answering; a request whose client goes away while
 *   held is not posted (the service never took it), like an SMTP server that never said 250;
 * - `fail`: answer the next N requests with this status and body instead;
 * - `clock`: the fake's clock for its rate windows (default: the real one).
 */
export interface FakeControl {
  stall?: number;
  stalled?: boolean;
  release?: () => void;
  fail?: { times: number; status: number; body: string; headers?: Record<string, string> };
  clock?: () => number | Promise<number>;
}

export interface FakeReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** The message to record as posted (only on success). */
  posted?: Omit<FakeMessage, 'at' | 'bytes'>;
  refused?: Omit<FakeRefusal, 'at'>;
}

export interface FakeRequest {
  url: URL;
  raw: string;
  json: Record<string, unknown> | undefined;
  /** The fake's clock now (for rate windows). */
  now: number;
}

export interface ChatFake {
  url: string;
  messages: FakeMessage[];
  refusals: FakeRefusal[];
  control: FakeControl;
  /** Accepted messages in any window of `windowMs` on the fake's clock: the most seen at once. */
  maxInWindow(windowMs: number, robot?: string): number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A loopback HTTP server that answers like a chat service; `handle` is the vendor's rules. */
export async function startChatFake(handle: (req: FakeRequest, fake: ChatFake) => FakeReply): Promise<ChatFake> {
  const control: FakeControl = {};
  const messages: FakeMessage[] = [];
  const refusals: FakeRefusal[] = [];
  const fake: ChatFake = {
    url: '',
    messages,
    refusals,
    control,
    maxInWindow(windowMs, robot) {
      const times = messages.filter((m) => !robot || m.robot === robot).map((m) => m.at);
      let most = 0;
      for (let i = 0; i < times.length; i++) most = Math.max(most, times.filter((t) => t >= times[i]! && t < times[i]! + windowMs).length);
      return most;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const answer = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
    res.end(text);
  };
  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      if (control.stall && control.stall > 0) {
        control.stall -= 1;
        control.stalled = true;
        const gone = await new Promise<boolean>((resolve) => {
          res.once('close', () => resolve(!res.writableEnded));
          control.release = () => resolve(false);
        });
        control.stalled = false;
        if (gone) return;
      }
      if (control.fail && control.fail.times > 0) {
        control.fail.times -= 1;
        return answer(res, control.fail.status, control.fail.body, control.fail.headers);
      }
      let json: Record<string, unknown> | undefined;
      try {
        const parsed: unknown = JSON.parse(raw);
        json = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
      } catch {
        json = undefined;
      }
      const now = await (control.clock ?? Date.now)();
      const reply = handle({ url: new URL(req.url ?? '/', 'http://fake'), raw, json, now }, fake);
      if (reply.posted) messages.push({ ...reply.posted, at: now, bytes: Buffer.byteLength(raw) });
      if (reply.refused) refusals.push({ ...reply.refused, at: now });
      answer(res, reply.status, reply.body, reply.headers);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** Accepted messages of a robot within the last `windowMs` on the fake's clock. */
export const recentCount = (fake: ChatFake, robot: string, windowMs: number, now: number) => fake.messages.filter((m) => m.robot === robot && m.at > now - windowMs && m.at <= now).length;
