import { DEFAULT_SEND_WINDOW } from '../src/domain/send-window.js';
import { countryOfZone, holidayCalendar } from '../src/schedule/holidays.js';
import { nextSendTime, resolveWaitUntil } from '../src/schedule/local-time.js';
import type { MailStore } from '../src/store/mail-store.js';
import type { NextSendTimeInput, WaitUntilInput } from './types.js';

const MAX_ROUNDS = 50;

/** Time-zone maths lives here, never in workflow code, so tz data updates cannot change a replay. */
export function scheduleActivities(store: MailStore) {
  return {
    /**
     * The next instant the lead may get marketing mail: inside the window on the lead's clock, on
     * a working day of the lead's country, and under the frequency cap (a capped send waits until
     * the oldest counted send leaves the cap's period; it is never dropped).
     */
    async nextSendTime({ notBefore, timezone, window, country, leadId, cap }: NextSendTimeInput): Promise<string> {
      if (window === 'any' && !cap) return notBefore;
      const calendar = holidayCalendar(country ?? countryOfZone(timezone));
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
