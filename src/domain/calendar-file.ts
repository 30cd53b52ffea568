import { z } from 'zod';
import { WEEKDAYS, weekdaySchema } from './send-window.js';

/**
 * One year of a country's or region's days off, as an operator writes it the day the official
 * notice is out (`journeys/calendars/CN-2027.yaml`), and as leadflow ships the schedules it has
 * checked (`src/calendar/official/`). Optional `day` and `days` repeat what the notice says
 * ("1月1日（周四）至3日（周六）…共3天") so that a typo in a date is caught, not sent on.
 */

const isoDate = z.iso.date('must be a date like 2027-02-05');

const singleDay = z.strictObject({ date: isoDate, name: z.string().max(100).optional(), day: weekdaySchema.optional() });
const dayRange = z
  .strictObject({ from: isoDate, to: isoDate, name: z.string().max(100).optional(), days: z.number().int().min(1).max(31).optional() })
  .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['to'] });

/** A day off: `2027-04-05`, `{date, name?, day?}` or `{from, to, name?, days?}`. */
export const calendarEntrySchema = z.union([isoDate, singleDay, dayRange]);
export type CalendarEntry = z.infer<typeof calendarEntrySchema>;

/** A make-up working day (调休): `2027-02-20` or `{date, name?, day?}`. */
export const workdayEntrySchema = z.union([isoDate, singleDay]);

/** `CN`, `DE-BE`, `GB-ENG`: an ISO 3166-1 country or an ISO 3166-2 subdivision. */
export const placeCodeSchema = z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'must be an ISO 3166 code such as CN or DE-BE');

export const calendarFileSchema = z.strictObject({
  /** The file's own code and year, repeated so that a file copied to a new name is noticed. */
  code: placeCodeSchema.optional(),
  year: z.number().int().min(1900).max(2200),
  /** Where the dates come from: the notice's title, date and address. Shipped files must name it. */
  source: z.string().max(500).optional(),
  /** false (default): this file is the whole year. true: its days add to leadflow's own list. */
  extends: z.boolean().default(false),
  holidays: z.array(calendarEntrySchema).default([]),
  workdays: z.array(workdayEntrySchema).default([]),
});
export type CalendarFile = z.infer<typeof calendarFileSchema>;

/** A year's days off and make-up working days, by local date (`YYYY-MM-DD`) with their names. */
export interface YearSchedule {
  holidays: Map<string, string>;
  workdays: Map<string, string>;
}

const DAY_MS = 86_400_000;

/** The weekday of a calendar date, by the proleptic Gregorian calendar alone (no time zone). */
export function weekdayOfDate(date: string): (typeof WEEKDAYS)[number] {
  return WEEKDAYS[(Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS) + 3) % 7]!;
}

/** Saturday or Sunday. */
export function isWeekend(date: string): boolean {
  const day = weekdayOfDate(date);
  return day === 'sat' || day === 'sun';
}

/** The date `n` days after `date`. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The problems a file has beyond its shape: wrong year, a day both off and worked, weekdays that disagree. */
export function checkCalendarFile(file: CalendarFile, expected: { code: string; year: number }): { path: string; problem: string }[] {
  const problems: { path: string; problem: string }[] = [];
  if (file.year !== expected.year) problems.push({ path: 'year', problem: `is ${file.year}, but the file name says ${expected.year}` });
  if (file.code && file.code !== expected.code) problems.push({ path: 'code', problem: `is ${file.code}, but the file name says ${expected.code}` });
  const off = new Set<string>();
  file.holidays.forEach((entry, i) => {
    const dates = typeof entry === 'string' ? [entry] : 'date' in entry ? [entry.date] : datesBetween(entry.from, entry.to);
    if (dates.some((d) => Number(d.slice(0, 4)) !== expected.year)) problems.push({ path: `holidays[${i}]`, problem: `is not in ${expected.year}` });
    if (typeof entry === 'object' && 'day' in entry && entry.day && weekdayOfDate(entry.date) !== entry.day) {
      problems.push({ path: `holidays[${i}].day`, problem: `${entry.date} is a ${weekdayOfDate(entry.date)}, not a ${entry.day}` });
    }
    if (typeof entry === 'object' && 'days' in entry && entry.days && entry.days !== dates.length) {
      problems.push({ path: `holidays[${i}].days`, problem: `${entry.from} to ${entry.to} is ${dates.length} days, not ${entry.days}` });
    }
    for (const d of dates) off.add(d);
  });
  file.workdays.forEach((entry, i) => {
    const date = typeof entry === 'string' ? entry : entry.date;
    if (Number(date.slice(0, 4)) !== expected.year) problems.push({ path: `workdays[${i}]`, problem: `is not in ${expected.year}` });
    if (off.has(date)) problems.push({ path: `workdays[${i}]`, problem: `${date} is also listed as a holiday` });
    if (typeof entry === 'object' && entry.day && weekdayOfDate(date) !== entry.day) {
      problems.push({ path: `workdays[${i}].day`, problem: `${date} is a ${weekdayOfDate(date)}, not a ${entry.day}` });
    }
  });
  return problems;
}

/** The file's days as a schedule: every date of every range, each with its name. */
export function scheduleOf(file: Pick<CalendarFile, 'holidays' | 'workdays'>): YearSchedule {
  const holidays = new Map<string, string>();
  const workdays = new Map<string, string>();
  for (const entry of file.holidays) {
    if (typeof entry === 'string') holidays.set(entry, 'holiday');
    else if ('date' in entry) holidays.set(entry.date, entry.name ?? 'holiday');
    else for (const d of datesBetween(entry.from, entry.to)) holidays.set(d, entry.name ?? 'holiday');
  }
  for (const entry of file.workdays) {
    if (typeof entry === 'string') workdays.set(entry, 'make-up working day');
    else workdays.set(entry.date, entry.name ?? 'make-up working day');
  }
  return { holidays, workdays };
}
