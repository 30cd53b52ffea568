import { log } from '@temporalio/activity';
import { DEFAULT_SEND_WINDOW } from '../src/domain/send-window.js';
import type { CalendarRegistry } from '../src/calendar/work-calendar.js';
import { placeOf } from '../src/calendar/zones.js';
import { nextSendTime, resolveWaitUntil } from '../src/schedule/local-time.js';
import type { MailStore } from '../src/store/mail-store.js';
import type { NextSendTimeInput, WaitUntilInput } from './types.js';

const MAX_ROUNDS = 50;

export interface ScheduleDeps {
  store: MailStore;
  calendars: CalendarRegistry;
}

/** Time-zone maths lives here, never in workflow code, so tz data updates cannot change a replay. */
export function scheduleActivities({ store, calendars }: ScheduleDeps) {
  return {
    /**
     * The next instant the lead may get marketing mail: inside the window on the lead's clock, on
     * a working day of the lead's country and region, and under the frequency cap (a capped send
     * waits until the oldest counted send leaves the cap's period; it is never dropped).
     */
    async nextSendTime({ notBefore, timezone, window, country, region, leadId, cap }: NextSendTimeInput): Promise<string> {
      if (window === 'any' && !cap) return notBefore;
      const calendar = await calendars.calendar(placeOf({ country, region, timezone }));
      let t = new Date(notBefore);
      for (let round = 0; round < MAX_ROUNDS; round++) {
        if (window !== 'any') t = nextSendTime(t, timezone, window ?? DEFAULT_SEND_WINDOW, calendar);
        if (!cap || !leadId) return t.toISOString();
        const sends = await store.marketingSendsSince(leadId, new Date(t.getTime() - cap.perMs + 1));
        if (sends.length < cap.max) return t.toISOString();
        t = new Date(sends[sends.length - cap.max]!.getTime() + cap.perMs);
      }
      throw new Error(`no send time found for lead ${leadId} after ${MAX_ROUNDS} rounds`);
    },
    async resolveWaitUntil({ after, timezone, ...spec }: WaitUntilInput): Promise<string> {
      return resolveWaitUntil(new Date(after), timezone, spec).toISOString();
    },
  };
}

/** Logs, once per place and year, a calendar that runs on an estimate instead of its notice. */
export function logCalendarNotice(notice: { message: string }): void {
  try {
    log.warn(notice.message);
  } catch {
    // Outside an activity (a CLI check) there is no activity logger; the caller reports it.
  }
}
