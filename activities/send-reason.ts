import type { CalendarRegistry } from '../src/calendar/work-calendar.js';
import { NO_HOLIDAYS } from '../src/calendar/work-calendar.js';
import { placeOf } from '../src/calendar/zones.js';
import { formatDuration } from '../src/domain/duration.js';
import { DEFAULT_SEND_WINDOW, type SendWindow } from '../src/domain/send-window.js';
import { formatLocal, localDate, nextSendTime } from '../src/schedule/local-time.js';
import type { SendSchedule } from './types.js';

const ON_TIME_MS = 60_000;

const describeWindow = (w: SendWindow) => `${w.days.join(',')} ${w.start}–${w.end}${w.quiet.length ? `, quiet ${w.quiet.map((q) => `${q.start}–${q.end}`).join(',')}` : ''}`;

/**
 * Why a send went out when it did, in words for the lead's timeline: when the step fell due, and
 * what held it (the send window, a public holiday, the frequency cap). Computed again at send
 * time from the same window and calendar the scheduler used; it explains, it decides nothing.
 */
export async function explainSend(calendars: CalendarRegistry, schedule: SendSchedule, sentAtIso: string): Promise<string> {
  const { timezone: zone } = schedule;
  const due = new Date(schedule.dueAt);
  const sent = new Date(sentAtIso);
  const when = `due ${formatLocal(due, zone)}, sent ${formatLocal(sent, zone)} (${zone})`;
  if (sent.getTime() - due.getTime() < ON_TIME_MS) return `sent when due: ${formatLocal(sent, zone)} (${zone})`;
  const held: string[] = [];
  let ready = due;
  if (schedule.window !== 'any') {
    const window = schedule.window ?? DEFAULT_SEND_WINDOW;
    const plain = nextSendTime(due, zone, window, NO_HOLIDAYS);
    const calendar = await calendars.calendar(placeOf({ country: schedule.country, region: schedule.region, timezone: zone }));
    ready = nextSendTime(due, zone, window, calendar);
    if (plain.getTime() > due.getTime()) held.push(`outside the send window (${describeWindow(window)})`);
    if (ready.getTime() > plain.getTime()) held.push(`public holiday on ${localDate(plain, zone)}`);
  }
  if (sent.getTime() - ready.getTime() >= ON_TIME_MS) held.push(schedule.cap ? `frequency cap (${schedule.cap.max} per ${formatDuration(schedule.cap.perMs)}) or a pause` : 'the journey was paused');
  return `${when}: held by ${held.join('; ') || 'the worker catching up'}`;
}
