import { SERVICES } from '../../domain/team-chat.js';
import type { Mailer } from '../../mail/mailer.js';
import { messageIdFor } from '../../mail/message-id.js';
import type { TeamMessage } from '../message.js';
import { NotifyError, NotifyRejectedError, type Notifier, type RateWindow, type SendOptions } from '../notifier.js';
import { teamMailHtml, teamMailText } from './render.js';

/** Mail to one owner: no vendor limit, but a burst of alerts should not flood their inbox at once. */
export const EMAIL_LIMITS: RateWindow[] = [{ max: 30, windowMs: 60_000 }];

/**
 * E-mail to the owner (or a shared inbox): the fallback when a robot refuses, and the destination
 * of owners without chat. The Message-ID comes from the message's key, so a copy sent twice
 * through an SMTP gap is recognisable as the same message.
 */
export function emailNotifier(opts: { mailer: Mailer; mailFrom: string; to: string }): Notifier {
  return {
    service: SERVICES.email,
    limits: EMAIL_LIMITS,
    async send(message: TeamMessage, { key }: SendOptions): Promise<void> {
      try {
        await opts.mailer.send({
          key,
          from: opts.mailFrom,
          to: opts.to,
          subject: message.title,
          html: teamMailHtml(message),
          text: teamMailText(message),
          messageId: messageIdFor(key, opts.mailFrom),
          category: 'transactional',
          headers: { 'X-Leadflow-Team': message.kind },
        });
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        if (code && code >= 500) throw new NotifyRejectedError(`email: SMTP ${code} ${(err as Error).message}`, code);
        throw new NotifyError(`email: ${(err as Error).message}`, true, { cause: err });
      }
    },
  };
}
