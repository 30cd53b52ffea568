import { ApplicationFailure } from '@temporalio/activity';
import { messageIdFor } from '../src/mail/message-id.js';
import type { Mailer } from '../src/mail/mailer.js';
import { pickLocale, renderMail, type RenderedMail } from '../src/mail/render.js';
import { templateContext } from './template-context.js';
import type { SendEmailInput, SendEmailResult } from './types.js';

export interface EmailDeps {
  mailer: Mailer;
  mailFrom: string;
}

export function emailActivities({ mailer, mailFrom }: EmailDeps) {
  return {
    /**
     * Renders the lead's template and sends it. The key makes the Message-ID, and the transport
     * keeps one copy per key, so a retry after a crash does not send twice.
     */
    async sendEmail(input: SendEmailInput): Promise<SendEmailResult> {
      const locale = pickLocale(Object.keys(input.locales), input.lead.locale);
      const source = locale ? input.locales[locale] : undefined;
      if (!locale || !source) throw ApplicationFailure.nonRetryable(`template ${input.template} has no locale`, 'TemplateError');
      let mail: RenderedMail;
      try {
        mail = await renderMail(source, templateContext(input.lead, input.stage), input.subjectPrefix);
      } catch (err) {
        throw ApplicationFailure.nonRetryable(`template ${input.template}/${locale}: ${(err as Error).message}`, 'TemplateError');
      }
      const messageId = messageIdFor(input.key, mailFrom);
      const result = await mailer.send({ key: input.key, from: mailFrom, to: input.lead.email, messageId, category: input.category, ...mail });
      return { messageId, subject: mail.subject, locale, delivered: result.delivered };
    },
  };
}
