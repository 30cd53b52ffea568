import nodemailer from 'nodemailer';
import type { Mailer, OutgoingMail } from './mailer.js';

/** Keeps messages in memory, built by nodemailer like any other: for simulations. */
export function captureMailer(): Mailer & { sent: OutgoingMail[] } {
  const transport = nodemailer.createTransport({ jsonTransport: true });
  const sent: OutgoingMail[] = [];
  const keys = new Set<string>();
  return {
    kind: 'outbox',
    sent,
    async send(mail) {
      if (keys.has(mail.key)) return { messageId: mail.messageId, delivered: false };
      await transport.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, html: mail.html, text: mail.text, messageId: mail.messageId });
      keys.add(mail.key);
      sent.push(mail);
      return { messageId: mail.messageId, delivered: true };
    },
    close: () => transport.close(),
  };
}
