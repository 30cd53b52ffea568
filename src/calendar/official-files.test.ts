import chineseDays from 'chinese-days';
import { SolarDay } from 'tyme4ts';
import { describe, expect, it } from 'vitest';
import { datesBetween, isWeekend } from '../domain/calendar-file.js';
import { readCalendarDir } from './calendar-files.js';
import { OFFICIAL_CALENDARS_DIR } from './work-calendar.js';

const shipped = readCalendarDir(OFFICIAL_CALENDARS_DIR);

describe('the official schedules leadflow ships', () => {
  it('are valid, name their source, and repeat the notice’s weekdays or day counts on every entry', async () => {
    const { files, errors } = await shipped;
    expect(errors.map((e) => e.message)).toEqual([]);
    expect([...files.keys()].sort()).toEqual(['CN-2023', 'CN-2024', 'CN-2025', 'CN-2026', 'IN-2026', 'IN-DL-2026', 'TW-2026']);
    for (const { file, label } of files.values()) {
      expect(file.source, label).toBeTruthy();
      for (const entry of [...file.holidays, ...file.workdays]) {
        expect(typeof entry === 'object' && ('day' in entry ? entry.day : 'days' in entry ? entry.days : undefined), `${label}: ${JSON.stringify(entry)}`).toBeTruthy();
      }
    }
  });

  it('agree with two independent sources for China, day by day (chinese-days and tyme4ts)', async () => {
    const { files } = await shipped;
    for (const year of [2023, 2024, 2025, 2026]) {
      const { schedule } = files.get(`CN-${year}`)!;
      for (const date of datesBetween(`${year}-01-01`, `${year}-12-31`)) {
        const ours = schedule.holidays.has(date) ? 'off' : schedule.workdays.has(date) || !isWeekend(date) ? 'work' : 'off';
        expect(chineseDays.isWorkday(date) ? 'work' : 'off', `chinese-days on ${date}`).toBe(ours);
        const [y, m, d] = date.split('-').map(Number);
        const legal = SolarDay.fromYmd(y!, m!, d!).getLegalHoliday();
        expect(legal ? (legal.isWork() ? 'work' : 'off') : isWeekend(date) ? 'off' : 'work', `tyme4ts on ${date}`).toBe(ours);
      }
    }
  });
});
