import { addDays, isWeekend, weekdayOfDate, type YearSchedule } from '../domain/calendar-file.js';
import { lunarNewYearsEve, lunarToSolar, solarTermDate } from './lunar.js';

/**
 * Taiwan's days off for a year whose 政府行政機關辦公日曆表 is not in leadflow yet, from
 * 紀念日及節日實施條例 (2025) and 政府機關配合紀念日與節日補假及調整放假處理要點: a day off on a
 * Saturday is made up the working day before, on a Sunday the working day after; days of 除夕 and
 * 春節 that fall on a weekend are made up after the holiday; when 兒童節 and 民族掃墓節 fall on the
 * same day, 兒童節 moves to the day before. Bridge days (調整放假) are decided each year and are
 * not estimated. Checked against the published 2026 calendar in taiwan-estimate.test.ts.
 */
export function taiwanStatutoryEstimate(year: number): YearSchedule {
  const holidays = new Map<string, string>();
  const free = (date: string) => !isWeekend(date) && !holidays.has(date);
  /** The nearest working day not yet off, stepping `step` days from `date`. */
  const nearest = (date: string, step: number) => {
    let d = addDays(date, step);
    while (!free(d)) d = addDays(d, step);
    return d;
  };
  const dayOff = (date: string, name: string) => {
    holidays.set(date, name);
    const wd = weekdayOfDate(date);
    if (wd === 'sat') holidays.set(nearest(date, -1), `${name}補假`);
    if (wd === 'sun') holidays.set(nearest(date, 1), `${name}補假`);
  };

  // 除夕前一日 through 初三: weekend days among them are made up after the holiday.
  const eve = lunarNewYearsEve(year);
  const newYear = [addDays(eve, -1), eve, addDays(eve, 1), addDays(eve, 2), addDays(eve, 3)];
  newYear.forEach((d) => holidays.set(d, '除夕及春節'));
  let last = newYear[newYear.length - 1]!;
  for (const d of newYear.filter(isWeekend)) {
    last = nearest(last, 1);
    holidays.set(last, '除夕及春節補假');
  }

  const qingming = solarTermDate(year, '清明');
  const children = qingming === `${year}-04-04` ? `${year}-04-03` : `${year}-04-04`;
  const days: [string, string][] = [
    [`${year}-01-01`, '中華民國開國紀念日'],
    [`${year}-02-28`, '和平紀念日'],
    [children, '兒童節'],
    [qingming, '民族掃墓節'],
    [`${year}-05-01`, '勞動節'],
    [lunarToSolar({ year, month: 5, day: 5 }), '端午節'],
    [lunarToSolar({ year, month: 8, day: 15 }), '中秋節'],
    [`${year}-09-28`, '孔子誕辰紀念日/教師節'],
    [`${year}-10-10`, '國慶日'],
    [`${year}-10-25`, '臺灣光復暨金門古寧頭大捷紀念日'],
    [`${year}-12-25`, '行憲紀念日'],
  ];
  for (const [date, name] of days.sort(([a], [b]) => a.localeCompare(b))) dayOff(date, name);
  return { holidays, workdays: new Map() };
}
