import { ApplicationFailure, Context, heartbeat } from '@temporalio/activity';
import { ownValue } from '../src/domain/own-key.js';
import { sendLinks, surveyLinks, type LinkTokens } from '../src/links/tokens.js';
import { scaleOf } from '../src/domain/survey.js';
import { decorateMarketingHtml, defaultFooter } from '../src/mail/decorate.js';
import type { Mailer } from '../src/mail/mailer.js';
import { messageIdFor } from '../src/mail/message-id.js';
import type { RateLimiter } from '../src/mail/rate-limit.js';
import { closestLocale, htmlToText, pickLocale, renderMail, type RenderedMail } from '../src/mail/render.js';
import { SendInFlightError, type MailStore } from '../src/store/mail-store.js';
import type { SnapshotStore } from '../src/store/snapshot-store.js';
import { templateContext } from './template-context.js';
import type { SendEmailInput, SendEmailResult } from './types.js';

export interface EmailDeps {
  mailer: Mailer;
  mailFrom: string;
  store: MailStore;
  tokens: LinkTokens;
  publicUrl: string;
  /** Where `mailto:` unsubscribes go; default unsubscribe@ the sender's domain. */
  unsubscribeMailto?: string;
  rate?: RateLimiter;
  /** Open pixel and click redirects in marketing mail. */
  tracking?: boolean;
  /** Where sequence versions keep their templates. */
  snapshots: SnapshotStore;
}

const HEARTBEAT_MS = 2_000;

/** SMTP answers that will not change on retry; 5.1.x on a recipient means the address is gone. */
function permanent(err: unknown): { code: number; hardBounce: boolean } | undefined {
  const e = err as { responseCode?: number; command?: string; response?: string };
  if (!e.responseCode || e.responseCode < 500) return undefined;
  return { code: e.responseCode, hardBounce: e.command === 'RCPT TO' || /\b5\.1\.[0-9]\b/.test(e.response ?? '') };
}

async function render(input: SendEmailInput, deps: EmailDeps, locale: string, links: ReturnType<typeof sendLinks>): Promise<RenderedMail> {
  const source = input.locales[locale]!;
  const survey = input.survey && {
    name: input.survey.name,
    kind: input.survey.kind,
    scores: surveyLinks(deps.tokens, deps.publicUrl, { ...input.survey, leadId: input.lead.id, locale, scores: scaleOf(input.survey.kind) }),
  };
  const context = templateContext(input.lead, input.stage, { ...input.variables, unsubscribe_url: links.unsubscribeUrl, locale, survey });
  let mail: RenderedMail;
  try {
    const prefix = typeof input.subjectPrefix === 'object' ? input.subjectPrefix[closestLocale(Object.keys(input.subjectPrefix), locale) ?? ''] : input.subjectPrefix;
    mail = await renderMail(source, context, { locale, subjectPrefix: prefix, shared: input.shared, deriveText: input.category === 'transactional' });
  } catch (err) {
    throw ApplicationFailure.nonRetryable(`template ${input.template}/${locale}: ${(err as Error).message}`, 'TemplateError');
  }
  if (input.category === 'transactional') return mail;
  const footer = defaultFooter(locale);
  const decorated = decorateMarketingHtml(mail.html, {
    unsubscribeUrl: links.unsubscribeUrl,
    footer,
    openPixelUrl: deps.tracking ? links.openPixelUrl : undefined,
    // Survey links go straight to the survey page: it is itself the record of the click.
    clickUrl: deps.tracking ? links.clickUrl : undefined,
    keep: (href) => href.startsWith(`${deps.publicUrl}/s/`),
  });
  const text = source.text && decorated.addedFooter ? `${mail.text}\n\n${htmlToText(footer(links.unsubscribeUrl))}` : source.text ? mail.text : htmlToText(decorated.html);
  return { subject: mail.subject, html: decorated.html, text };
}

/** Inline templates as given, or the stored ones of the sequence version the journey runs. */
async function withTemplates(input: SendEmailInput, snapshots: SnapshotStore): Promise<SendEmailInput> {
  if (Object.keys(input.locales).length || !input.snapshotHash) return input;
  const stored = await snapshots.templates(input.snapshotHash);
  if (!stored) throw ApplicationFailure.nonRetryable(`sequence version ${input.snapshotHash.slice(0, 12)} is not in the snapshot store`, 'TemplateError');
  return { ...input, locales: ownValue(stored.templates, input.template) ?? {}, shared: stored.shared };
}

export function emailActivities(deps: EmailDeps) {
  const { mailer, mailFrom, store } = deps;
  const senderDomain = /@([^>\s]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'leadflow.local';
  const mailto = deps.unsubscribeMailto ?? `unsubscribe@${senderDomain}`;
  return {
    /**
     * Sends one step's e-mail at most once. The ledger row is claimed before SMTP; suppression is
     * checked and the row leased in one short transaction, and marked sent as soon as SMTP answers
     * (no transaction is held across the call, so sends run in parallel). The Message-ID comes from
     * the key. A retry after a crash finds `sent` and sends nothing.
     */
    async sendEmail(given: SendEmailInput): Promise<SendEmailResult> {
      const input = await withTemplates(given, deps.snapshots);
      const locale = pickLocale(Object.keys(input.locales), input.lead.locale);
      if (!locale || !input.locales[locale]) throw ApplicationFailure.nonRetryable(`template ${input.template} has no locale`, 'TemplateError');
      const messageId = messageIdFor(input.key, mailFrom);
      const links = sendLinks(deps.tokens, deps.publicUrl, { key: input.key, leadId: input.lead.id, address: input.lead.email, locale });
      const mail = await render(input, deps, locale, links);
      const receipt = { key: input.key, stage: input.stage, sequence: input.sequence, template: input.template, at: input.at, owner: input.lead.owner, source: input.lead.source };
      const base = { messageId, subject: mail.subject, locale, receipt };

      const status = await store.claim({ key: input.key, leadId: input.lead.id, address: input.lead.email, messageId, category: input.category, capped: input.countsTowardCap ?? input.category === 'marketing', template: input.template, scheduledAt: new Date(input.at) });
      if (status === 'sent') return { ...base, outcome: 'duplicate' };
      if (status === 'rejected') throw ApplicationFailure.nonRetryable(`${input.key} was rejected by the SMTP server before`, 'SmtpRejected');

      // Heartbeat from here on, the rate limiter's queue included: a send that waits there must not
      // look dead and be started a second time elsewhere.
      // A local send has no heartbeat: its workflow task's timeout stands for one.
      const beat = Context.current().info.isLocal ? undefined : setInterval(() => heartbeat(), HEARTBEAT_MS);
      try {
        if (beat) heartbeat();
        await deps.rate?.acquire();
        const headers: Record<string, string> = { 'Feedback-ID': `${input.sequence}:${input.category}:leadflow` };
        if (input.category !== 'transactional') {
          headers['List-Unsubscribe'] = `<${links.unsubscribeUrl}>, <mailto:${mailto}?subject=unsubscribe%20${links.unsubscribeToken}>`;
          headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
        }
        const outcome = await store.sendOnce(input.key, input.lead.email, input.category, async () => {
          // A stage change or reply cancelled this send while it queued: nothing goes out.
          Context.current().cancellationSignal.throwIfAborted();
          await mailer.send({ key: input.key, from: mailFrom, to: input.lead.email, messageId, category: input.category, headers, ...mail });
        });
        if (outcome === 'sent') return { ...base, outcome: 'sent' };
        if (outcome === 'already-sent') return { ...base, outcome: 'duplicate' };
        return { ...base, outcome: 'suppressed', suppressedBy: outcome };
      } catch (err) {
        // Another attempt is in its SMTP call: come back when its lease ends, not on the usual backoff.
        if (err instanceof SendInFlightError) throw ApplicationFailure.create({ type: err.name, message: err.message, nextRetryDelay: err.retryAfterMs + 1_000 });
        const failure = permanent(err);
        if (!failure) {
          await store.noteError(input.key, (err as Error).message).catch(() => undefined);
          throw err;
        }
        await store.markRejected(input.key, (err as Error).message);
        // The address does not exist: never try it again, from any lead.
        if (failure.hardBounce) {
          await store.suppress(input.lead.email, 'bounced', `smtp ${failure.code}`, input.lead.id);
          return { ...base, outcome: 'suppressed', suppressedBy: 'bounced' };
        }
        throw ApplicationFailure.nonRetryable(`SMTP ${failure.code}: ${(err as Error).message}`, 'SmtpRejected');
      } finally {
        clearInterval(beat);
      }
    },
  };
}
