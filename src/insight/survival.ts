/** One stay in a stage: how long it lasted, or for an open stay, how long it has lasted so far. */
export interface Stay {
  ms: number;
  /** False while the lead is still in the stage: the stay is censored (it lasts at least `ms`). */
  ended: boolean;
}

/**
 * Quantiles of stay length by the Kaplan–Meier estimator, so that open stays count as "at least
 * this long" instead of being dropped (which would make stages look quick) or counted as finished
 * (which would too). Returns the smallest duration by which a share `q` of stays has ended; null when
 * the data never get there (too many stays still open).
 */
export function survivalQuantiles(stays: Stay[], qs: number[]): (number | null)[] {
  const sorted = [...stays].sort((a, b) => a.ms - b.ms || Number(b.ended) - Number(a.ended));
  const out: (number | null)[] = qs.map(() => null);
  let atRisk = sorted.length;
  let survival = 1;
  let i = 0;
  while (i < sorted.length) {
    const t = sorted[i]!.ms;
    let ended = 0;
    let leaving = 0;
    // Stays censored at t were still at risk at t: ends at t count first.
    while (i < sorted.length && sorted[i]!.ms === t) {
      if (sorted[i]!.ended) ended += 1;
      leaving += 1;
      i += 1;
    }
    if (ended) {
      survival *= 1 - ended / atRisk;
      qs.forEach((q, k) => {
        if (out[k] === null && survival <= 1 - q + 1e-12) out[k] = t;
      });
    }
    atRisk -= leaving;
  }
  return out;
}
