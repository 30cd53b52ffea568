import type { SinkMessage } from '../helpers/smtp-sink.js';
import type { LedgerRow } from './ledger.js';
import { KILL_WINDOW_MS, MAILS_PER_LEAD, SINK_LAG_MS } from './profiles.js';

/** A Message-ID that reached the sink more than once, and whether RFC 1047's window explains it. */
export interface Duplicate {
  messageId: string;
  copies: number;
  attempts: number;
  /** Milliseconds after t0 of each copy's arrival. */
  arrivedMs: number[];
  /** The first kill from SINK_LAG_MS before the first copy to KILL_WINDOW_MS after it: the worker that never wrote `sent`. */
  killMs?: number;
  /** The kill nearest the first copy, in milliseconds from it (negative: before it), to read an unclassified one by. */
  nearestKillOffsetMs?: number;
  classified: boolean;
}

/** Everything the checks assert on, kept whole so that a failure prints what went wrong. */
export interface MailVerdict {
  mailsExpected: number;
  /** Expected Message-IDs that reached the sink at least once. */
  mailsArrived: number;
  messagesAtSink: number;
  /** Leads whose ledger does not hold exactly three sent rows. */
  leadsShort: string[];
  /** Expected Message-IDs (sent in the ledger) that never reached the sink. */
  missing: string[];
  /** Sink messages with a Message-ID the ledger does not know, or to an address not the lead's. */
  unexpected: string[];
  duplicates: Duplicate[];
  /** Ledger rows of the run with attempts > 1: sends retried after a kill or a lost completion. */
  retriedSends: number;
}

/** What the verdict is drawn from: the sink, the ledger, and the chaos's own record. */
export interface VerdictInput {
  messages: SinkMessage[];
  ledger: LedgerRow[];
  /** Each lead's id and the address it was enrolled with. */
  leads: Map<string, string>;
  kills: number[];
  t0: number;
}

/** What arrived, against what the ledger says went out; every duplicate classified. */
export function mailVerdict({ messages, ledger, leads, kills, t0 }: VerdictInput): MailVerdict {
  const rows = ledger.filter((r) => leads.has(r.leadId));
  const byId = new Map(rows.map((r) => [r.messageId, r]));
  const sentPerLead = new Map<string, number>();
  for (const r of rows) if (r.status === 'sent') sentPerLead.set(r.leadId, (sentPerLead.get(r.leadId) ?? 0) + 1);
  const leadsShort = [...leads.keys()].filter((id) => sentPerLead.get(id) !== MAILS_PER_LEAD);

  const arrivals = new Map<string, number[]>();
  const unexpected: string[] = [];
  for (const m of messages) {
    const id = m.parsed.messageId ?? '';
    const row = byId.get(id);
    if (!row || row.status !== 'sent' || !m.envelopeTo.every((to) => to === leads.get(row.leadId))) unexpected.push(id);
    else arrivals.set(id, [...(arrivals.get(id) ?? []), m.receivedAt - t0]);
  }
  const expected = rows.filter((r) => r.status === 'sent');
  const duplicates = [...arrivals.entries()]
    .filter(([, at]) => at.length > 1)
    .map(([messageId, at]): Duplicate => {
      const first = Math.min(...at);
      const killMs = kills.find((k) => k >= first - SINK_LAG_MS && k - first <= KILL_WINDOW_MS);
      const attempts = byId.get(messageId)!.attempts;
      const nearest = [...kills].sort((a, b) => Math.abs(a - first) - Math.abs(b - first))[0];
      return { messageId, copies: at.length, attempts, arrivedMs: at.sort((a, b) => a - b), killMs, nearestKillOffsetMs: nearest === undefined ? undefined : nearest - first, classified: attempts > 1 && killMs !== undefined };
    });
  return {
    mailsExpected: leads.size * MAILS_PER_LEAD,
    mailsArrived: expected.filter((r) => arrivals.has(r.messageId)).length,
    messagesAtSink: messages.length,
    leadsShort,
    missing: expected.filter((r) => !arrivals.has(r.messageId)).map((r) => r.messageId),
    unexpected,
    duplicates,
    retriedSends: rows.filter((r) => r.attempts > 1).length,
  };
}

/** Extra copies beyond the first, over all duplicated Message-IDs. */
export const extraCopies = (ds: Duplicate[]) => ds.reduce((n, d) => n + d.copies - 1, 0);
