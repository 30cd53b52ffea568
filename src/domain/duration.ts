import { z } from 'zod';

/**
 * Durations are written one way across leadflow: integer amounts with a unit, largest first,
 * e.g. `3d`, `2h`, `30m`, `1w`, `1d12h`. This is the only parser; workflows import it too, so it
 * must stay pure.
 */
const UNIT_MS = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;
type Unit = keyof typeof UNIT_MS;
const ORDER: Unit[] = ['w', 'd', 'h', 'm', 's'];
const FORMAT_UNITS: Unit[] = ['d', 'h', 'm', 's'];
const PART = /(\d+)([wdhms])/g;
const WHOLE = /^(?:\d+[wdhms])+$/;

export class DurationError extends Error {
  override name = 'DurationError';
}

export function parseDuration(text: string): number {
  const value = text.trim();
  if (!WHOLE.test(value)) {
    throw new DurationError(`"${text}" is not a duration; write it like 3d, 2h, 30m or 1d12h`);
  }
  let total = 0;
  let last = -1;
  for (const [, amount, unit] of value.matchAll(PART)) {
    const rank = ORDER.indexOf(unit as Unit);
    if (rank <= last) throw new DurationError(`"${text}" repeats or misorders units; write the largest first`);
    last = rank;
    total += Number(amount) * UNIT_MS[unit as Unit];
  }
  if (total <= 0) throw new DurationError(`"${text}" must be longer than zero`);
  return total;
}

export function formatDuration(ms: number): string {
  let rest = Math.round(ms / 1000) * 1000;
  if (rest <= 0) return '0s';
  let out = '';
  for (const unit of FORMAT_UNITS) {
    const n = Math.floor(rest / UNIT_MS[unit]);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * UNIT_MS[unit];
    }
  }
  return out;
}

/** A zod string that must parse as a duration; the parsed value stays the original text. */
export const durationSchema = z.string().superRefine((value, ctx) => {
  try {
    parseDuration(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});
