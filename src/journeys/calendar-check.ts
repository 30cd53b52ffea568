import { join } from 'node:path';
import { readCalendarDir } from '../calendar/calendar-files.js';
import { calendarRegistry, NOTICE_COUNTRY_CODES } from '../calendar/work-calendar.js';
import type { JourneyError } from './journey-error.js';

/**
 * `journeys/calendars/`: every file's problems, and a warning for this year and the next of each
 * country whose holidays need a yearly notice that leadflow does not hold, e.g. "CN 2027: no
 * official schedule; using the statutory estimate — add journeys/calendars/CN-2027.yaml when the
 * notice is out".
 */
export async function calendarNotices(journeysDir: string, now: Date): Promise<{ errors: JourneyError[]; warnings: string[] }> {
  const operatorDir = join(journeysDir, 'calendars');
  const { errors } = await readCalendarDir(operatorDir);
  const registry = calendarRegistry({ operatorDir });
  const year = now.getUTCFullYear();
  const warnings: string[] = [];
  for (const code of NOTICE_COUNTRY_CODES) {
    for (const y of [year, year + 1]) {
      const { notice } = await registry.coverage(code, y);
      if (notice) warnings.push(notice.message);
    }
  }
  return { errors, warnings };
}
