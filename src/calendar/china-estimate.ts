import { addDays, datesBetween, weekdayOfDate, type YearSchedule } from '../domain/calendar-file.js';
import { lunarNewYearsEve, lunarToSolar, solarTermDate } from './lunar.js';

/**
 * China's days off for a year whose State Council notice is not out yet (or not yet in
 * journeys/calendars/), from the rules the notices follow since the 2024 revision of
 * 全国年节及纪念日放假办法 (in force 2025-01-01), as the 2025 notice states them:
 *
 *   春节自农历除夕起放假调休8天，国庆节自10月1日起放假调休7天，劳动节放假调休5天，
 *   元旦、清明节、端午节、中秋节分别放假调休或连休3天（如逢周三则只在当日放假），
 *   国庆节放假如逢中秋节则合并放假8天。
 *
 * The days off follow from these rules and the lunar dates; the make-up working days of the long
 * holidays do not (the notice picks the weekends), so the estimate names only those of the 3-day
 * holidays, whose position the rule fixes. Missing a make-up Saturday costs one day of mail; the
 * estimate never sends on a day off the rules give. Checked against the 2025 and 2026 notices in
 * china-estimate.test.ts.
 */
export function chinaStatutoryEstimate(year: number): YearSchedule {
  const holidays = new Map<string, string>();
  const workdays = new Map<string, string>();
  const off = (dates: string[], name: string) => dates.forEach((d) => holidays.set(d, name));

  const eve = lunarNewYearsEve(year);
  off(datesBetween(eve, addDays(eve, 7)), '春节');
  off(datesBetween(`${year}-05-01`, `${year}-05-05`), '劳动节');

  const midAutumn = lunarToSolar({ year, month: 8, day: 15 });
  const merged = midAutumn >= `${year}-09-29` && midAutumn <= `${year}-10-08`;
  if (merged) {
    const first = midAutumn < `${year}-10-01` ? midAutumn : `${year}-10-01`;
    off(datesBetween(first, addDays(first, 7)), '国庆节、中秋节');
  } else {
    off(datesBetween(`${year}-10-01`, `${year}-10-07`), '国庆节');
  }

  const single: [string, string][] = [
    [`${year}-01-01`, '元旦'],
    [solarTermDate(year, '清明'), '清明节'],
    [lunarToSolar({ year, month: 5, day: 5 }), '端午节'],
  ];
  if (!merged) single.push([midAutumn, '中秋节']);
  for (const [date, name] of single) {
    const { days, workday } = threeDayBlock(date);
    off(days, name);
    if (workday && !holidays.has(workday)) workdays.set(workday, `${name}调休`);
  }
  return { holidays, workdays };
}

/**
 * "放假调休或连休3天（如逢周三则只在当日放假）": the block of days off around a one-day holiday,
 * and the weekend day worked to make it when the block takes a weekday off (Tuesday, Thursday).
 */
function threeDayBlock(date: string): { days: string[]; workday?: string } {
  switch (weekdayOfDate(date)) {
    case 'mon':
      return { days: datesBetween(addDays(date, -2), date) };
    case 'tue':
      return { days: datesBetween(addDays(date, -2), date), workday: addDays(date, -3) };
    case 'wed':
      return { days: [date] };
    case 'thu':
      return { days: datesBetween(date, addDays(date, 2)), workday: addDays(date, 3) };
    case 'fri':
      return { days: datesBetween(date, addDays(date, 2)) };
    case 'sat':
      return { days: datesBetween(date, addDays(date, 2)) };
    case 'sun':
      return { days: datesBetween(addDays(date, -1), addDays(date, 1)) };
  }
}
