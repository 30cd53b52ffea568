import { LunarDay, LunarMonth, LunarYear, SolarDay, SolarTerm } from 'tyme4ts';

// The Chinese calendar (农历) from tyme4ts, an astronomical implementation (寿星天文历) that agrees
// with the official calendar for 1901–2100 (checked against date-chinese, an independent Meeus
// implementation, in lunar.test.ts). Never from Node's ICU, which puts Spring Festival 2027 on the
// wrong day. Dates are plain `YYYY-MM-DD` strings of Beijing's calendar day.

/** A day of the Chinese calendar: lunar year, month 1–12, day 1–30, and whether the month is a leap month (闰月). */
export interface LunarDate {
  year: number;
  month: number;
  day: number;
  leap?: boolean;
}

/** A lunar date that does not exist (a 30th in a 29-day month, a leap month the year lacks). */
export class LunarDateError extends RangeError {
  override name = 'LunarDateError';
}

const iso = (d: SolarDay) => `${d.getYear()}-${String(d.getMonth()).padStart(2, '0')}-${String(d.getDay()).padStart(2, '0')}`;

/** The Gregorian date of a lunar date; throws LunarDateError for one that does not exist. */
export function lunarToSolar({ year, month, day, leap }: LunarDate): string {
  try {
    return iso(LunarDay.fromYmd(year, leap ? -month : month, day).getSolarDay());
  } catch (err) {
    throw new LunarDateError(`no lunar date ${year}-${leap ? '闰' : ''}${month}-${day}: ${(err as Error).message}`);
  }
}

/** The leap month of a lunar year (1–12), or 0 when it has none. */
export function leapMonthOf(year: number): number {
  return LunarYear.fromYear(year).getLeapMonth();
}

/** 29 or 30: the length of a lunar month. */
export function lunarMonthLength(year: number, month: number, leap = false): number {
  return LunarMonth.fromYm(year, leap ? -month : month).getDayCount();
}

/** Spring Festival (正月初一) of a lunar year, as a Gregorian date in that Gregorian year. */
export function springFestival(year: number): string {
  return lunarToSolar({ year, month: 1, day: 1 });
}

/** 除夕: the last day of lunar month 12, the day before Spring Festival (the 29th in some years, the 30th in others). */
export function lunarNewYearsEve(year: number): string {
  const eve = LunarDay.fromYmd(year, 1, 1).getSolarDay().next(-1);
  return iso(eve);
}

/** The Gregorian date of a solar term (节气) in a Gregorian year, e.g. 清明. */
export function solarTermDate(year: number, name: string): string {
  return iso(SolarTerm.fromName(year, name).getSolarDay());
}

/** The lunar date of a Gregorian date. */
export function solarToLunar(date: string): LunarDate {
  const [y, m, d] = date.split('-').map(Number);
  const lunar = SolarDay.fromYmd(y!, m!, d!).getLunarDay();
  const month = lunar.getLunarMonth();
  const monthWithLeap = month.getMonthWithLeap();
  return { year: month.getLunarYear().getYear(), month: Math.abs(monthWithLeap), day: lunar.getDay(), leap: monthWithLeap < 0 };
}

/** The names of the 24 solar terms, as care.yaml may name them. */
export const SOLAR_TERMS: readonly string[] = SolarTerm.NAMES;
