import { createHash } from 'node:crypto';

/**
 * The same send key always yields the same Message-ID, so a retried send is recognisable as the
 * same message by the outbox, by the SMTP sink in tests and by receiving servers that dedupe.
 */
export function messageIdFor(key: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'leadflow.local';
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${domain}>`;
}
