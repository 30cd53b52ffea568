import { DateTime } from 'luxon';
import { PERIOD_PATTERN } from '../domain/targets.js';

/** A named sales period and its bounds, `to` excluded. */
export interface PeriodBounds {
  label: string;
  from: Date;
  to: Date;
}

/** `2026`, `2026-Q4` or `2026-12`, from midnight to midnight in `zone`. */
export function periodBounds(label: string, zone: string): PeriodBounds {
  const m = PERIOD_PATTERN.exec(label);
  if (!m) throw new RangeError(`${label} is not a period`);
  const year = Number(m[1]);
  const start = m[2] ? DateTime.fromObject({ year, month: Number(m[2]) }, { zone }) : m[3] ? DateTime.fromObject({ year, month: (Number(m[3]) - 1) * 3 + 1 }, { zone }) : DateTime.fromObject({ year }, { zone });
  const end = start.plus(m[2] ? { months: 1 } : m[3] ? { months: 3 } : { years: 1 });
  return { label, from: start.toJSDate(), to: end.toJSDate() };
}

/** The month `now` falls in, on the clock of `zone`: the scorecards' default period. */
export function currentMonth(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toFormat('yyyy-LL');
}
