import { seededRandom } from '../chaos/scenario.js';

/** How Temporal is stopped for a restart: a clean SIGTERM, or SIGKILL as a crash would. */
export type RestartSignal = 'SIGTERM' | 'SIGKILL';

/** A restart of the Temporal dev server, when this share of the expected mails has reached the sink. */
export interface PlannedRestart {
  atShare: number;
  signal: RestartSignal;
}

/** One size of the run: CI's short one must end within minutes on two cores, the full one is the issue's. */
export interface MailChaosProfile {
  name: string;
  leads: number;
  /** Seconds between two worker kills, drawn at random (seeded) in this range. */
  killEveryS: [number, number];
  /**
   * Kills stop once this share of the mail has arrived, so that the run ends: each kill of a send
   * in flight costs that send its workflow task's timeout and the rest of its ledger lease (60 s).
   */
  killUntilShare: number;
  restarts: PlannedRestart[];
  /**
   * Each worker's MAIL_RATE_PER_SECOND. Low on purpose: sends claimed in the ledger wait in the
   * rate limiter, so a kill finds sends in flight and their retries run on another worker.
   */
  mailRatePerWorker: number;
  /** The longest the whole run may take before it is called stuck (not a timing assertion: a bound). */
  deadlineS: number;
}

/** The run, and the short one CI makes. */
export const MAIL_CHAOS_PROFILES: Record<string, MailChaosProfile> = {
  full: {
    name: 'full',
    leads: 1000,
    killEveryS: [2, 6],
    killUntilShare: 0.9,
    restarts: [
      { atShare: 0.33, signal: 'SIGTERM' },
      { atShare: 0.66, signal: 'SIGKILL' },
    ],
    mailRatePerWorker: 100,
    deadlineS: 1200,
  },
  short: { name: 'short', leads: 100, killEveryS: [4, 8], killUntilShare: 0.85, restarts: [{ atShare: 0.5, signal: 'SIGKILL' }], mailRatePerWorker: 40, deadlineS: 170 },
};

/**
 * A duplicate is only explained by RFC 1047's window: the sink said 250, and the worker was killed
 * before the ledger said `sent`. That window is milliseconds; on a loaded 2-core machine a process
 * may sit that long unscheduled, hence the margin.
 */
export const KILL_WINDOW_MS = 2000;

/**
 * The sink notes a message once it has parsed it, a moment after the last byte came in; a worker
 * killed after sending the final dot, before the 250, may die just before that note.
 */
export const SINK_LAG_MS = 250;

/** The three e-mails of every lead, seconds apart, at any hour: the journey under chaos. */
export const MAIL_CHAOS_JOURNEYS = {
  'funnel.yaml': 'stages:\n  lead:\n    sequence: three\n',
  'sequences/three.yaml': 'name: three\nsteps:\n  - send: first\n    window: any\n  - wait: 3s\n  - send: second\n    window: any\n  - wait: 4s\n  - send: third\n    window: any\n',
  'templates/first/en.html': '---\nsubject: "First"\n---\n<p>First</p>\n',
  'templates/second/en.html': '---\nsubject: "Second"\n---\n<p>Second</p>\n',
  'templates/third/en.html': '---\nsubject: "Third"\n---\n<p>Third</p>\n',
};

/** The journey's sends per lead: the number of Message-IDs each lead must have at the sink. */
export const MAILS_PER_LEAD = 3;

/** The pauses between worker kills, in milliseconds: the same seed, the same pauses. */
export function killPauses(profile: MailChaosProfile, seed: number): () => number {
  const random = seededRandom(seed, 4096);
  const [min, max] = profile.killEveryS;
  return () => Math.round((min + random() * (max - min)) * 1000);
}

/** The profile CHAOS_PROFILE names (default full), and CHAOS_SEED (default 11). */
export function chosenRun(env: Record<string, string | undefined>): { profile: MailChaosProfile; seed: number } {
  const name = env.CHAOS_PROFILE ?? 'full';
  const profile = MAIL_CHAOS_PROFILES[name];
  if (!profile) throw new Error(`CHAOS_PROFILE: ${name} is not one of ${Object.keys(MAIL_CHAOS_PROFILES).join(', ')}`);
  const seed = Number(env.CHAOS_SEED ?? 11);
  if (!Number.isInteger(seed)) throw new Error(`CHAOS_SEED: ${env.CHAOS_SEED} is not an integer`);
  return { profile, seed };
}
