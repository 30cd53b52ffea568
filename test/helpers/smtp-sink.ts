import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface SinkMessage {
  envelopeTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
  receivedAt: number;
}

export interface SmtpSink {
  url: string;
  messages: SinkMessage[];
  /** Messages by Message-ID; the same id twice means a duplicate delivery. */
  countById(): Map<string, number>;
  waitFor(count: number, timeoutMs?: number): Promise<SinkMessage[]>;
  close(): Promise<void>;
}

/**
 * How the sink misbehaves for the next N messages:
 * - `drop-during-data`: accepts DATA, then cuts the connection before the message is complete, so
 *   nothing is kept (a dropped connection mid-send);
 * - `drop-before-reply`: keeps the whole message, then cuts the connection instead of answering
 *   250 (RFC 1047's synchronization gap: the sender cannot know it was delivered);
 * - `stall`: accepts DATA and never reads it, until the sender goes away.
 */
export type SinkFault = 'drop-during-data' | 'drop-before-reply' | 'stall';

export interface SinkControl {
  fault?: SinkFault;
  times?: number;
  /** Set while a stalled DATA is in progress. */
  stalled?: boolean;
  /** Answer RCPT TO with 550 5.1.1 for these addresses. */
  unknownRecipients?: string[];
}

/** A real SMTP server on loopback that keeps and parses every message it accepts. */
export async function startSmtpSink(control: SinkControl = {}): Promise<SmtpSink & { control: SinkControl }> {
  const messages: SinkMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (control.unknownRecipients?.includes(address.address)) {
        const err = Object.assign(new Error('5.1.1 <' + address.address + '>: Recipient address rejected: User unknown'), { responseCode: 550 });
        return callback(err);
      }
      callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      const socket = (session as unknown as { _socket?: import('node:net').Socket })._socket;
      const fault = control.fault && (control.times ?? 1) > 0 ? control.fault : undefined;
      if (fault) control.times = (control.times ?? 1) - 1;
      if (fault === 'stall') {
        control.stalled = true;
        stream.pause();
        stream.once('error', () => undefined);
        return;
      }
      if (fault === 'drop-during-data') {
        stream.once('data', () => (connectionOf(server, session) ?? socket)?.destroy());
        stream.on('error', () => undefined);
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            messages.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed, receivedAt: Date.now() });
            if (fault === 'drop-before-reply') return connectionOf(server, session)?.destroy();
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  // Clients that die mid-session (a killed worker) reset their connection: that is the point of
  // some tests, not an error of the sink.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    control,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    countById() {
      const counts = new Map<string, number>();
      for (const m of messages) counts.set(m.parsed.messageId ?? '', (counts.get(m.parsed.messageId ?? '') ?? 0) + 1);
      return counts;
    },
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`SMTP sink has ${messages.length} message(s), expected ${count}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return messages;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // A stalled session would hold close() for smtp-server's whole close timeout.
        for (const c of (server as unknown as { connections: Set<{ _socket: import('node:net').Socket }> }).connections) c._socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The socket of a session, from smtp-server's own connection list. */
function connectionOf(server: SMTPServer, session: SMTPServerSession): import('node:net').Socket | undefined {
  const connections = (server as unknown as { connections: Set<{ id: string; _socket: import('node:net').Socket }> }).connections;
  for (const c of connections) if (c.id === session.id) return c._socket;
  return undefined;
}
