import { DateTime } from 'luxon';
import { WEEKDAYS, type SendWindow, type Weekday } from '../domain/send-window.js';

// Calendar and time-zone maths. It depends on the machine's tz data, so only activities call it:
// a workflow records the answer in its history and never recomputes it on replay.

const weekdayOf = (dt: DateTime): Weekday => WEEKDAYS[dt.weekday - 1]!;

function at(day: DateTime, clock: string): DateTime {
  const [hour, minute] = clock.split(':').map(Number);
  return day.set({ hour: hour!, minute: minute!, second: 0, millisecond: 0 });
}

/** The first instant at or after `notBefore` that falls inside the window, in the lead's zone. */
export function nextSendTime(notBefore: Date, zone: string, window: SendWindow): Date {
  const start = DateTime.fromJSDate(notBefore, { zone });
  for (let i = 0; i < 15; i++) {
    const day = start.startOf('day').plus({ days: i });
    if (!window.days.includes(weekdayOf(day))) continue;
    const open = at(day, window.start);
    const close = at(day, window.end);
    if (start < close) return (start > open ? start : open).toJSDate();
  }
  throw new Error(`send window ${JSON.stringify(window)} never opens`);
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
