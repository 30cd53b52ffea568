import { join } from 'node:path';
import type { Config } from '../config.js';
import { outboxMailer, smtpMailer, type Mailer } from '../mail/mailer.js';
import { fileOutbox, type FileOutbox } from '../mail/outbox.js';

/** SMTP when SMTP_URL is set; otherwise the built-in outbox under DATA_DIR. */
export function mailSetup(config: Config): { mailer: Mailer; outbox?: FileOutbox } {
  if (config.SMTP_URL) return { mailer: smtpMailer(config.SMTP_URL) };
  const outbox = fileOutbox(join(config.dataDir, 'outbox'));
  return { mailer: outboxMailer(outbox), outbox };
}
