import type { SendEmailInput } from '../activities/types.js';
import { localMail, mailEffects } from './activities-proxy.js';
import { writeToLinkedCrms } from './crm-sync.js';
import type { JourneyRun } from './journey-run.js';
import { LOCAL_SEND_PATCH } from './patches.js';
import { iso, LIMITS, pushBounded, type SentEmail } from './state.js';

/** A mail as a journey loop asks for it; `tags` go on the lead's record of the send (care occasion, survey name). */
export type JourneyMail = Omit<SendEmailInput, 'lead' | 'stage' | 'at' | 'locales'> & { locales?: SendEmailInput['locales']; tags?: Pick<SentEmail, 'occasion' | 'survey'> };

/**
 * Whether the journey's own record of consent stops a kind of mail: an unsubscribe stops all but
 * transactional mail, a bounce or complaint stops everything.
 */
export function mailBlocked(run: JourneyRun, category: SendEmailInput['category']): boolean {
  const { suppressed } = run.state;
  return !!suppressed && (category !== 'transactional' || suppressed !== 'unsubscribed');
}

/**
 * Sends one mail of the journey through the ledger (its key makes a retry harmless), records it on
 * the lead and as a note on the linked CRM records. Returns false when the address said no.
 */
export async function sendJourneyMail(run: JourneyRun, mail: JourneyMail): Promise<boolean> {
  const { state } = run;
  const { tags, ...input } = mail;
  const send = run.local(LOCAL_SEND_PATCH) ? localMail.sendEmail : mailEffects(run.options.sendHeartbeatTimeout).sendEmail;
  const sent = await send({ ...input, locales: input.locales ?? {}, lead: state.lead, stage: state.stage, at: iso(run.now()) });
  if (sent.outcome === 'suppressed') {
    // The address said no elsewhere (another lead's link, a bounce): stop that kind of mail here too.
    if (mail.category !== 'transactional' || sent.suppressedBy !== 'unsubscribed') state.suppressed ??= sent.suppressedBy;
    run.note(mail.key, `not sent: ${sent.suppressedBy}`);
    return false;
  }
  const record: SentEmail = { key: mail.key, template: mail.template, sequence: mail.sequence, subject: sent.subject, messageId: sent.messageId, locale: sent.locale, sentAt: iso(run.now()), ...tags };
  pushBounded(state.emails, record, LIMITS.emails);
  // The deal's timeline in the CRM shows what the lead received.
  await writeToLinkedCrms(run, { key: mail.key, kind: 'note', title: `E-mail sent: ${sent.subject}`, content: `leadflow sent "${sent.subject}" (${mail.template}, ${mail.sequence}) to the lead.` });
  return true;
}
