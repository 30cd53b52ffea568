import type { CalendarRegistry } from '../calendar/work-calendar.js';
import { WEEKDAYS, type SendWindow } from '../domain/send-window.js';
import { nextSendTime } from '../schedule/local-time.js';
import type { OwnerProfile } from './owner-profile.js';

const WORK_WEEK = WEEKDAYS.slice(0, 5);

/**
 * The hours an owner may be disturbed, as a send window on their clock: from the end of their
 * quiet hours to their start, on their working days (make-up days included, their public holidays
 * skipped) when days off are quiet too, else every day.
 */
export function awakeWindow(quiet: Exclude<OwnerProfile['quietHours'], false>): SendWindow {
  return {
    days: quiet.daysOff ? [...WORK_WEEK] : [...WEEKDAYS],
    start: quiet.end === '24:00' ? '00:00' : quiet.end,
    end: quiet.start,
    quiet: [],
    holidays: quiet.daysOff,
  };
}

/**
 * When a message raised at `at` may reach the owner: at once when urgent or when they keep no
 * quiet hours, otherwise the first moment outside them (a 03:00 alert waits for the morning; a
 * Saturday's waits for Monday, or for the make-up Sunday of 调休). Calendar maths, so activities only.
 */
export async function deliveryTime(at: Date, owner: OwnerProfile | undefined, urgent: boolean, calendars: CalendarRegistry): Promise<Date> {
  if (urgent || !owner || owner.quietHours === false) return at;
  const calendar = await calendars.calendar({ country: owner.country, region: owner.region });
  return nextSendTime(at, owner.timezone, awakeWindow(owner.quietHours), calendar);
}
