import type { CareDefinition, Occasion } from '../domain/care-schema.js';
import { addDays } from '../domain/calendar-file.js';
import type { Birthday } from '../domain/lead.js';
import { leapMonthOf, lunarMonthLength, lunarToSolar, solarTermDate } from './lunar.js';

// The day a yearly occasion falls on, by the calendar it is kept in: Gregorian dates by the
// Gregorian year, lunar dates by the lunar year (a lunar birthday can fall twice in one Gregorian
// year, never twice in a lunar one). All of it runs in activities.

export type BirthdayRules = Pick<NonNullable<CareDefinition['birthday']>, 'feb29' | 'leapMonth' | 'day30'>;

export const DEFAULT_BIRTHDAY_RULES: BirthdayRules = { feb29: 'feb28', leapMonth: 'leapIfPresent', day30: 'lastDay' };

const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Whether an occasion is kept on the lunar calendar, so its cycles are lunar years. */
export const isLunar = (b: Birthday | Occasion) => (typeof b === 'object' && 'calendar' in b) || (typeof b === 'object' && 'lunar' in b && !!b.lunar);

/** A lunar month and day in a lunar year; a day past the month's end by the day-30 rule. */
function lunarDay(year: number, month: number, day: number, leap: boolean, day30: BirthdayRules['day30']): string {
  const length = lunarMonthLength(year, month, leap);
  if (day <= length) return lunarToSolar({ year, month, day, leap });
  const last = lunarToSolar({ year, month, day: length, leap });
  return day30 === 'nextDay1' ? addDays(last, 1) : last;
}

/** The Gregorian date of a birthday in a cycle: the Gregorian year, or the lunar year for a lunar birthday. */
export function birthdayDate(birthday: Birthday, cycle: number, rules: BirthdayRules = DEFAULT_BIRTHDAY_RULES): string {
  if (typeof birthday === 'string') {
    const monthDay = birthday.slice(-5);
    if (monthDay !== '02-29' || isLeapYear(cycle)) return `${cycle}-${monthDay}`;
    return rules.feb29 === 'mar1' ? `${cycle}-03-01` : `${cycle}-02-28`;
  }
  const leapBorn = birthday.leap ?? birthday.leapMonth ?? false;
  const leap = leapBorn && rules.leapMonth === 'leapIfPresent' && leapMonthOf(cycle) === birthday.month;
  return lunarDay(cycle, birthday.month, birthday.day, leap, rules.day30);
}

/** The Gregorian date of a care occasion's day in a cycle, `daysBefore` included. */
export function occasionDate(occasion: Occasion, cycle: number, day30: BirthdayRules['day30'] = 'lastDay'): string | undefined {
  let date: string | undefined;
  if (occasion.date) {
    date = `${cycle}-${occasion.date}`;
    if (occasion.date === '02-29' && !isLeapYear(cycle)) return undefined;
  } else if (occasion.lunar) {
    const [month, day] = occasion.lunar.split('-').map(Number);
    date = lunarDay(cycle, month!, day!, false, day30);
  } else {
    date = solarTermDate(cycle, occasion.term!);
  }
  return occasion.daysBefore ? addDays(date, -occasion.daysBefore) : date;
}
