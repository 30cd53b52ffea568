import type { MailChaosProfile } from './profiles.js';
import { KILL_WINDOW_MS, SINK_LAG_MS } from './profiles.js';
import type { TemporalRestart } from './restartable-temporal.js';
import { extraCopies, type MailVerdict } from './verdict.js';

/** A Temporal restart, with how soon the server and the mail came back after it. */
export interface RestartFigures extends TemporalRestart {
  /** From the restart's start until the server's /readyz said ready again. */
  serverReadyAfterMs: number;
  /** From the restart's start until the next mail reached the sink. */
  mailFlowingAfterMs: number;
}

/** The run's figures, printed as JSON for machines and quoted in the README. */
export interface MailChaosFigures {
  seed: number;
  profile: string;
  leads: number;
  workers: number;
  enrolSeconds: number;
  /** POST /api/leads answers 503 (Temporal away) that the enrolment retried. */
  enrolRetries: number;
  mailsExpected: number;
  mailsArrived: number;
  messagesAtSink: number;
  missing: number;
  unexpected: number;
  leadsShort: number;
  duplicates: number;
  duplicatesInKillWindow: number;
  duplicatesUnclassified: number;
  /** For each classified duplicate, when its worker was killed, in milliseconds from its first copy (negative: just before the sink noted it). */
  killAfterFirstCopyMs: number[];
  retriedSends: number;
  kills: number;
  /** Kill times that passed with only one worker ready (the other still starting). */
  killsSkipped: number;
  workerStarts: number;
  workerExitsUnasked: number;
  temporalRestarts: RestartFigures[];
  wallSeconds: number;
}

/** The figures of a run, from its verdict and what the chaos did. */
export function mailChaosFigures(run: Omit<MailChaosFigures, keyof ReturnType<typeof verdictFigures>>, verdict: MailVerdict): MailChaosFigures {
  return { ...run, ...verdictFigures(verdict) };
}

function verdictFigures(v: MailVerdict) {
  return {
    mailsExpected: v.mailsExpected,
    mailsArrived: v.mailsArrived,
    messagesAtSink: v.messagesAtSink,
    missing: v.missing.length,
    unexpected: v.unexpected.length,
    leadsShort: v.leadsShort.length,
    duplicates: extraCopies(v.duplicates),
    duplicatesInKillWindow: extraCopies(v.duplicates.filter((d) => d.classified)),
    duplicatesUnclassified: extraCopies(v.duplicates.filter((d) => !d.classified)),
    killAfterFirstCopyMs: v.duplicates.filter((d) => d.classified).map((d) => d.killMs! - d.arrivedMs[0]!),
    retriedSends: v.retriedSends,
  };
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The figures for people, as the README quotes them. */
export function formatMailChaos(f: MailChaosFigures, profile: MailChaosProfile): string {
  const restarts = f.temporalRestarts.map((r) => `at ${s(r.atMs)} by ${r.signal}, down ${s(r.downMs)}, server ready after ${s(r.serverReadyAfterMs)}, mail flowing after ${s(r.mailFlowingAfterMs)}`);
  return [
    `Mail chaos run: seed ${f.seed}, profile ${f.profile}: ${f.leads} leads × 3 e-mails, ${f.workers} leadflow worker processes (${profile.mailRatePerWorker} mails/s each), 1 leadflow server, PostgreSQL, Temporal dev server on SQLite`,
    `  enrolled              ${f.leads} through POST /api/leads in ${f.enrolSeconds} s (${f.enrolRetries} answers 503 retried)`,
    `  worker kills          ${f.kills} SIGKILLs, every ${profile.killEveryS[0]}–${profile.killEveryS[1]} s until ${Math.round(profile.killUntilShare * 100)} % of the mail was out (${f.killsSkipped} more skipped: the other worker was still starting); ${f.workerStarts} worker starts; ${f.workerExitsUnasked} exits nobody asked for`,
    `  Temporal restarts     ${f.temporalRestarts.length}${restarts.length ? `: ${restarts.join('; ')}` : ''}`,
    `  mails                 ${f.mailsArrived}/${f.mailsExpected} expected Message-IDs at the sink; ${f.messagesAtSink} messages in all; missing ${f.missing}; unexpected ${f.unexpected}; leads without 3 sent rows ${f.leadsShort}`,
    `  duplicates            ${f.duplicates}: ${f.duplicatesInKillWindow} in the window between the SMTP 250 and the ledger write (attempts > 1, a kill from ${SINK_LAG_MS} ms before to ${KILL_WINDOW_MS / 1000} s after the first copy${f.killAfterFirstCopyMs.length ? `; kills at ${[...f.killAfterFirstCopyMs].sort((a, b) => a - b).join(', ')} ms from it` : ''}), ${f.duplicatesUnclassified} unclassified`,
    `  sends retried         ${f.retriedSends} ledger rows with attempts > 1`,
    `  wall time             ${f.wallSeconds} s`,
  ].join('\n');
}
