import { DateTime } from 'luxon';
import { WEEKDAYS, type SendWindow, type Weekday } from '../domain/send-window.js';
import { holidayCalendar, type HolidayCalendar } from './holidays.js';

// Calendar and time-zone maths. It depends on the machine's tz data, so only activities call it:
// a workflow records the answer in its history and never recomputes it on replay.

const weekdayOf = (dt: DateTime): Weekday => WEEKDAYS[dt.weekday - 1]!;

/**
 * The first instant the wall clock reads `clock` (or later, when a spring-forward day skips it:
 * then the moment the clock jumps, not the hour after that).
 */
function at(day: DateTime, clock: string): DateTime {
  const [hour, minute] = clock.split(':').map(Number);
  let t = day.set({ hour: hour!, minute: minute!, second: 0, millisecond: 0 });
  while (t.toFormat('HH:mm') > clock && t.minus({ minutes: 1 }).toFormat('HH:mm') > clock && t.minus({ minutes: 1 }).hasSame(day, 'day')) {
    t = t.minus({ minutes: 1 });
  }
  return t;
}

/**
 * The last instant the wall clock shows `clock` that day: on a fall-back night a time in the
 * repeated hour happens twice, and a window that ends there ends on the second pass.
 */
function lastAt(day: DateTime, clock: string): DateTime {
  const first = at(day, clock);
  const hourLater = first.plus({ hours: 1 });
  return hourLater.toFormat('HH:mm') === clock && hourLater.hasSame(day, 'day') ? hourLater : first;
}

const BUSINESS_WEEK = ['mon', 'tue', 'wed', 'thu', 'fri'];
const SEARCH_DAYS = 60;

/** Monday to Friday, exactly: the window means "working days" and follows official schedules. */
function meansWorkingDays(window: SendWindow): boolean {
  return window.days.length === 5 && BUSINESS_WEEK.every((d) => window.days.includes(d as Weekday));
}

function dayAllowed(day: DateTime, window: SendWindow, calendar: HolidayCalendar): boolean {
  const date = day.toISODate()!;
  if (window.holidays && calendar.isHoliday(date)) return false;
  if (meansWorkingDays(window)) {
    const official = window.holidays ? calendar.officialWorkday(date) : undefined;
    if (official !== undefined) return official;
  }
  return window.days.includes(weekdayOf(day));
}

/** The local wall time is within the window's hours and outside its quiet hours. */
function insideHours(t: DateTime, window: SendWindow): boolean {
  const hm = t.toFormat('HH:mm');
  return hm >= window.start && hm < window.end && !window.quiet.some((q) => hm >= q.start && hm < q.end);
}

/** The day's open intervals: the window's hours less its quiet hours. */
function openIntervals(day: DateTime, window: SendWindow): [DateTime, DateTime][] {
  let intervals: [DateTime, DateTime][] = [[at(day, window.start), lastAt(day, window.end)]];
  for (const q of window.quiet) {
    const [qs, qe] = [at(day, q.start), lastAt(day, q.end)];
    intervals = intervals.flatMap(([s, e]): [DateTime, DateTime][] =>
      qe <= s || qs >= e ? [[s, e]] : ([[s, qs], [qe, e]] as [DateTime, DateTime][]).filter(([a, b]) => a < b),
    );
  }
  return intervals;
}

/**
 * The first instant at or after `notBefore` inside the window, on the lead's clock: an allowed
 * day (holidays and official working days considered), within the hours, outside quiet hours.
 */
export function nextSendTime(notBefore: Date, zone: string, window: SendWindow, calendar: HolidayCalendar = holidayCalendar(undefined)): Date {
  const start = DateTime.fromJSDate(notBefore, { zone });
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const day = start.startOf('day').plus({ days: i });
    if (!dayAllowed(day, window, calendar)) continue;
    for (const [open, close] of openIntervals(day, window)) {
      // Around a daylight-saving change the instants between open and close are not all inside
      // the window on the wall clock: a spring-forward day skips an hour (the window may not
      // exist), a fall-back day repeats one (it may open on the second pass). Walk them by minute.
      for (let candidate = start > open ? start : open; candidate < close; candidate = candidate.plus({ minutes: 1 }).startOf('minute')) {
        if (insideHours(candidate, window) && candidate.hasSame(day, 'day')) return candidate.toJSDate();
      }
    }
  }
  throw new Error(`the send window ${JSON.stringify(window)} does not open within ${SEARCH_DAYS} days of ${notBefore.toISOString()}`);
}

export interface WaitUntilSpec {
  date?: string;
  weekday?: Weekday;
  time?: string;
}

/**
 * The next local instant after `after` that matches: a calendar date (at `time`, else midnight),
 * the next given weekday, or the next time of day. A date already past resolves to `after`.
 */
export function resolveWaitUntil(after: Date, zone: string, spec: WaitUntilSpec): Date {
  const now = DateTime.fromJSDate(after, { zone });
  if (spec.date) {
    const day = DateTime.fromISO(spec.date, { zone });
    const target = spec.time ? at(day, spec.time) : day.startOf('day');
    return (target > now ? target : now).toJSDate();
  }
  for (let i = 0; i < 8; i++) {
    const day = now.startOf('day').plus({ days: i });
    if (spec.weekday && weekdayOf(day) !== spec.weekday) continue;
    const target = at(day, spec.time ?? '00:00');
    if (target > now) return target.toJSDate();
  }
  throw new Error(`cannot resolve ${JSON.stringify(spec)}`);
}

/** `Tue 2026-12-01 09:00 (Asia/Shanghai)`: how timelines show an instant to a person. */
export function formatLocal(instant: Date | string, zone: string): string {
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant, { zone }) : DateTime.fromJSDate(instant, { zone });
  return dt.toFormat('ccc yyyy-LL-dd HH:mm');
}
