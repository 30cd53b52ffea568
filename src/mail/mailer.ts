import { createHash } from 'node:crypto';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { FileOutbox } from './outbox.js';

/**
 * marketing: ads, with unsubscribe and caps; relationship: care and survey mail, not advertising
 * but stopped by an unsubscribe all the same; transactional: what the lead asked for (a quote).
 */
export type MailCategory = 'marketing' | 'relationship' | 'transactional';

export interface OutgoingMail {
  /** The idempotency key of the send: lead, sequence version, step and occurrence. */
  key: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  category: MailCategory;
  headers?: Record<string, string>;
}

export interface SendResult {
  messageId: string;
  /** False when this key had been delivered before and nothing new was sent. */
  delivered: boolean;
}

export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): void;
}

function toNodemailer(mail: OutgoingMail): SendMailOptions {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    messageId: mail.messageId,
    headers: { 'X-Leadflow-Category': mail.category, ...mail.headers },
  };
}

export interface DkimOptions {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

export interface TransportOptions {
  /** Signs every message (DKIM-Signature) when set. */
  dkim?: DkimOptions;
}

/** nodemailer's timeouts as leadflow sets them, unless the SMTP URL names its own. */
export const SMTP_TIMEOUTS_MS = { connectionTimeout: 15_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

/**
 * SMTP through one pooled nodemailer transport: `smtps://…:465` is TLS from the start;
 * `smtp://…:587` upgrades with STARTTLS when offered (`?requireTLS=true` insists on it).
 */
export function smtpMailer(url: string, opts: TransportOptions = {}): Mailer {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('pool')) parsed.searchParams.set('pool', 'true');
  // A live SMTP call ends well inside its ledger lease (SEND_LEASE_MS), so an unsubscribe never
  // outwaits one; nodemailer's own defaults allow a call ten minutes. The URL may set others.
  for (const [name, ms] of Object.entries(SMTP_TIMEOUTS_MS)) if (!parsed.searchParams.has(name)) parsed.searchParams.set(name, String(ms));
  const transport = nodemailer.createTransport(parsed.toString(), opts.dkim ? { dkim: opts.dkim } : undefined);
  return {
    kind: 'smtp',
    async send(mail) {
      const info = await transport.sendMail(toNodemailer(mail));
      return { messageId: info.messageId, delivered: true };
    },
    close: () => transport.close(),
  };
}

/** Embedded mode: the message is built exactly as for SMTP and kept in the outbox instead. */
export function outboxMailer(outbox: FileOutbox, opts: TransportOptions = {}): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix', dkim: opts.dkim });
  return {
    kind: 'outbox',
    async send(mail) {
      const info = await transport.sendMail(toNodemailer(mail));
      const id = createHash('sha256').update(mail.key).digest('hex').slice(0, 32);
      const delivered = await outbox.put(
        { id, key: mail.key, messageId: mail.messageId, to: mail.to, subject: mail.subject, category: mail.category, capturedAt: new Date().toISOString() },
        info.message as Buffer,
        mail.html,
      );
      return { messageId: mail.messageId, delivered };
    },
    close: () => transport.close(),
  };
}
