import { describe, expect, it } from 'vitest';
import { datesBetween, isWeekend, type YearSchedule } from '../domain/calendar-file.js';
import { readCalendarDir } from './calendar-files.js';
import { chinaStatutoryEstimate } from './china-estimate.js';
import { taiwanStatutoryEstimate } from './taiwan-estimate.js';
import { CN_2027_ESTIMATED_DAYS_OFF } from '../../test/fixtures/cn-2027-estimate.js';
import { OFFICIAL_CALENDARS_DIR } from './work-calendar.js';

/** The days nobody works: weekends and days off, less make-up working days. */
function nonWorking(schedule: YearSchedule, year: number): Set<string> {
  return new Set(datesBetween(`${year}-01-01`, `${year}-12-31`).filter((d) => schedule.holidays.has(d) || (isWeekend(d) && !schedule.workdays.has(d))));
}

describe('China’s statutory estimate', () => {
  it('gives every day off of the 2025 and 2026 notices, and takes no day the notices kept as a working day', async () => {
    const { files } = await readCalendarDir(OFFICIAL_CALENDARS_DIR);
    for (const year of [2025, 2026]) {
      const official = files.get(`CN-${year}`)!.schedule;
      const estimate = chinaStatutoryEstimate(year);
      const estimatedOff = nonWorking({ holidays: estimate.holidays, workdays: new Map() }, year);
      for (const day of official.holidays.keys()) expect(estimatedOff.has(day), `${day} is off in the ${year} notice`).toBe(true);
      const officialOff = nonWorking(official, year);
      for (const day of estimate.holidays.keys()) expect(officialOff.has(day), `${day} is a working day in the ${year} notice`).toBe(true);
    }
  });

  it('estimates 2027 by the rules, with lunar dates from the astronomical calendar', () => {
    const estimate = chinaStatutoryEstimate(2027);
    expect([...estimate.holidays.keys()].sort()).toEqual(CN_2027_ESTIMATED_DAYS_OFF);
    expect([...estimate.workdays.keys()]).toEqual([]);
    expect(estimate.holidays.get('2027-02-08')).toBe('春节');
    expect(estimate.holidays.get('2027-05-03')).toBe('劳动节');
  });

  it('merges 中秋 into 国庆 when they meet, and names a make-up day only where the 3-day rule fixes it', () => {
    // 2028: 中秋 Tue 3 Oct → 1–8 Oct. 2024 rules would give 中秋 Tue 17 Sep 15–17 with Sat 14 worked.
    expect([...chinaStatutoryEstimate(2028).holidays].filter(([, n]) => n.includes('中秋')).map(([d]) => d)).toEqual(datesBetween('2028-10-01', '2028-10-08'));
    expect(chinaStatutoryEstimate(2024).workdays.get('2024-09-14')).toBe('中秋节调休');
  });
});

describe('Taiwan’s statutory estimate', () => {
  it('gives exactly the days off of the published 2026 calendar', async () => {
    const { files } = await readCalendarDir(OFFICIAL_CALENDARS_DIR);
    expect(nonWorking(taiwanStatutoryEstimate(2026), 2026)).toEqual(nonWorking(files.get('TW-2026')!.schedule, 2026));
  });
});
