import { DateTime } from 'luxon';
import { WEEKDAYS, type SendWindow, type Weekday } from '../domain/send-window.js';
import { NO_HOLIDAYS, type WorkCalendar } from '../calendar/work-calendar.js';
import { DAY_MS, dateOfDay, firstInstantAt, minutesOf, offsetPieces } from './zone-offsets.js';

// Calendar and time-zone maths. It depends on the machine's tz data, so only activities call it:
// a workflow records the answer in its history and never recomputes it on replay.

type Span = [number, number];

const SEARCH_DAYS = 400;
const WORK_WEEK: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const weekdayOfDay = (day: number): Weekday => WEEKDAYS[(((day + 3) % 7) + 7) % 7]!;

/** A window that takes the whole working week means "working days": it also opens on make-up days (调休). */
function meansWorkingDays(window: SendWindow): boolean {
  return WORK_WEEK.every((d) => window.days.includes(d));
}

function dayAllowed(day: number, window: SendWindow, calendar: WorkCalendar): boolean {
  const date = dateOfDay(day);
  if (window.holidays) {
    if (calendar.isHoliday(date)) return false;
    if (meansWorkingDays(window) && calendar.isMakeUpWorkday(date)) return true;
  }
  return window.days.includes(weekdayOfDay(day));
}

/** `[start, end)` of some hours that begin on a local day, on the local-epoch scale; an end before the start is the next day's. */
function hoursOn(day: number, hours: { start: string; end: string }): Span {
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  return [day * DAY_MS + start * 60_000, (end > start ? day : day + 1) * DAY_MS + end * 60_000];
}

function subtract(spans: Span[], cuts: Span[]): Span[] {
  return cuts.reduce<Span[]>((rest, [cs, ce]) => rest.flatMap(([s, e]): Span[] => (ce <= s || cs >= e ? [[s, e]] : ([[s, cs], [ce, e]] as Span[]).filter(([a, b]) => a < b))), spans);
}

/**
 * The first instant at or after `notBefore` inside the window, on the lead's clock: an allowed
 * day (holidays and official working days considered), within the hours (end excluded), outside
 * quiet hours. Each stretch of constant UTC offset is solved on its own wall clock, so a repeated
 * hour is judged on each pass, a skipped hour has no instants (a window inside it does not open
 * that day), and no transition is assumed to last an hour.
 */
export function nextSendTime(notBefore: Date, zone: string, window: SendWindow, calendar: WorkCalendar = NO_HOLIDAYS): Date {
  const from = notBefore.getTime();
  const allowed = new Map<number, boolean>();
  const isAllowed = (day: number) => {
    let ok = allowed.get(day);
    if (ok === undefined) allowed.set(day, (ok = dayAllowed(day, window, calendar)));
    return ok;
  };
  for (const piece of offsetPieces(zone, from)) {
    if (piece.start - from > SEARCH_DAYS * DAY_MS) break;
    const [lo, hi] = [piece.start + piece.offsetMs, piece.end + piece.offsetMs];
    const [first, last] = [Math.floor(lo / DAY_MS) - 1, Math.floor((hi - 1) / DAY_MS)];
    const open: Span[] = [];
    const quiet: Span[] = [];
    for (let day = first; day <= last; day++) {
      if (isAllowed(day)) open.push(hoursOn(day, window));
      for (const q of window.quiet) quiet.push(hoursOn(day - 1, q), hoursOn(day, q));
    }
    const hits = subtract(open, quiet)
      .map(([s, e]): Span => [Math.max(s, lo), Math.min(e, hi)])
      .filter(([s, e]) => s < e)
      .map(([s]) => s);
    if (hits.length) return new Date(Math.min(...hits) - piece.offsetMs);
  }
  throw new Error(`the send window ${JSON.stringify(window)} does not open within ${SEARCH_DAYS} days of ${notBefore.toISOString()}`);
}

/** The local day number (days since 1970-01-01 on the zone's calendar) of an instant. */
function localDay(instant: number, zone: string): number {
  return Math.floor((instant + DateTime.fromMillis(instant, { zone }).offset * 60_000) / DAY_MS);
}

/** The first instant the wall clock reads `clock` on a local day, or the jump past it when skipped. */
function at(day: number, zone: string, clock: string): number {
  return firstInstantAt(zone, day * DAY_MS + minutesOf(clock) * 60_000);
}

/** The first instant a local date shows `clock` on the zone's wall clock (the jump, when the clock skips it). */
export function localInstant(date: string, clock: string, zone: string): Date {
  return new Date(at(Date.parse(`${date}T00:00:00Z`) / DAY_MS, zone, clock));
}

/** The local calendar date (`YYYY-MM-DD`) of an instant in a zone. */
export function localDate(instant: Date, zone: string): string {
  return dateOfDay(localDay(instant.getTime(), zone));
}

/**
 * An owner's due time moved off days off: an instant on a working day of the calendar stays; one
 * on a weekend or holiday moves to the start of the next working day (`dayStart` on the owner's clock).
 */
export function onWorkingDay(instant: Date, zone: string, calendar: WorkCalendar, dayStart = '09:00'): Date {
  const day = localDay(instant.getTime(), zone);
  if (calendar.isWorkingDay(dateOfDay(day))) return instant;
  for (let next = day + 1; next <= day + SEARCH_DAYS; next++) {
    if (calendar.isWorkingDay(dateOfDay(next))) return new Date(at(next, zone, dayStart));
  }
  throw new Error(`no working day within ${SEARCH_DAYS} days of ${instant.toISOString()}`);
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
  const now = after.getTime();
  if (spec.date) {
    return new Date(Math.max(localInstant(spec.date, spec.time ?? '00:00', zone).getTime(), now));
  }
  const today = localDay(now, zone);
  for (let day = today; day <= today + 8; day++) {
    if (spec.weekday && weekdayOfDay(day) !== spec.weekday) continue;
    const target = at(day, zone, spec.time ?? '00:00');
    if (target > now) return new Date(target);
  }
  throw new Error(`cannot resolve ${JSON.stringify(spec)}`);
}

/** `Tue 2026-12-01 09:00`: how timelines show an instant to a person. */
export function formatLocal(instant: Date | string, zone: string): string {
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant, { zone }) : DateTime.fromJSDate(instant, { zone });
  return dt.toFormat('ccc yyyy-LL-dd HH:mm');
}
