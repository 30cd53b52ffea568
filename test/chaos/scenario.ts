import fc from 'fast-check';

/** Where a stage change comes from: the API, or a person in one of the three CRMs. */
export const CHANGE_SOURCES = ['api', 'hubspot', 'fxiaoke', 'zoho'] as const;
export type ChangeSource = (typeof CHANGE_SOURCES)[number];

export interface ScheduledChange {
  /** Milliseconds after the chaos starts. */
  at: number;
  lead: number;
  source: ChangeSource;
  /** Picks the value (a funnel stage for the API, the CRM's own value otherwise): index into the source's list. */
  pick: number;
  /** Part of a burst of 2–3 changes to one lead within 300 ms. */
  burst: boolean;
}

export interface ChaosProfile {
  name: string;
  leads: number;
  changes: number;
  seconds: number;
  /** Share of changes that come in bursts. */
  burstShare: number;
  faultRate: number;
  /** The longest the system may take to settle once the CRMs are healthy again. */
  settleSeconds: number;
}

/** The run, and the short one CI makes. */
export const CHAOS_PROFILES: Record<string, ChaosProfile> = {
  full: { name: 'full', leads: 50, changes: 200, seconds: 67, burstShare: 0.25, faultRate: 0.3, settleSeconds: 180 },
  short: { name: 'short', leads: 12, changes: 48, seconds: 16, burstShare: 0.25, faultRate: 0.3, settleSeconds: 150 },
};

/**
 * A stream of doubles in [0, 1) from fast-check's seeded generator: the same seed, the same run.
 * `noBias`, or fast-check would favour the edges (0, and just under 1), as it does when hunting bugs.
 * The mail chaos run (test/chaos-mail/) draws its kill intervals from it too.
 */
export function seededRandom(seed: number, count: number): () => number {
  const values = fc.sample(fc.noBias(fc.integer({ min: 0, max: 2 ** 31 - 1 })), { seed, numRuns: count }).map((n) => n / 2 ** 31);
  let i = 0;
  return () => values[i++ % values.length]!;
}

/**
 * The changes of a run, in time order: bursts of 2–3 on one lead within 300 ms until they make
 * up `burstShare`, single changes for the rest, all spread evenly at random over the run.
 */
export function chaosSchedule(profile: ChaosProfile, seed: number): ScheduledChange[] {
  const random = seededRandom(seed, profile.changes * 8 + 64);
  const int = (n: number) => Math.floor(random() * n);
  const groups: number[] = [];
  let inBursts = 0;
  while (inBursts < profile.changes * profile.burstShare - 1) {
    const size = Math.min(2 + int(2), profile.changes - inBursts);
    groups.push(size);
    inBursts += size;
  }
  while (groups.reduce((a, b) => a + b, 0) < profile.changes) groups.push(1);
  const span = profile.seconds * 1000 - 300;
  const changes: ScheduledChange[] = [];
  for (const size of groups) {
    const start = int(span);
    const lead = int(profile.leads);
    for (let k = 0; k < size; k++) {
      changes.push({ at: start + (k === 0 ? 0 : int(300)), lead, source: CHANGE_SOURCES[int(CHANGE_SOURCES.length)]!, pick: int(1000), burst: size > 1 });
    }
  }
  return changes.sort((a, b) => a.at - b.at);
}
