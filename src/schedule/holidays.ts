import chineseDays from 'chinese-days';
import ct from 'countries-and-timezones';
import Holidays from 'date-holidays';

/**
 * Public holidays per country, by local calendar date (`YYYY-MM-DD`). China follows the State
 * Council's published schedule, make-up working days (调休) included, for every year it covers;
 * for later years, and for every other country, the public holidays of `date-holidays`.
 */
export interface HolidayCalendar {
  country?: string;
  isHoliday(date: string): boolean;
  /** true / false where an official schedule says so (China); undefined where it is silent. */
  officialWorkday(date: string): boolean | undefined;
}

const byCountryYear = new Map<string, Set<string>>();

function publicHolidays(country: string, year: number): Set<string> {
  const cacheKey = `${country}:${year}`;
  let days = byCountryYear.get(cacheKey);
  if (!days) {
    const hd = new Holidays(country);
    days = new Set(
      (hd.getHolidays(year) || [])
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    byCountryYear.set(cacheKey, days);
  }
  return days;
}

const officialChinaYears = new Map<number, boolean>();
function chinaScheduleKnown(year: number): boolean {
  let known = officialChinaYears.get(year);
  if (known === undefined) {
    known = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    officialChinaYears.set(year, known);
  }
  return known;
}

const WEEKEND_NAMES = new Set(['Saturday', 'Sunday']);

export function holidayCalendar(country: string | undefined): HolidayCalendar {
  if (!country) return { isHoliday: () => false, officialWorkday: () => undefined };
  if (country === 'CN') {
    return {
      country,
      isHoliday(date) {
        const year = Number(date.slice(0, 4));
        if (!chinaScheduleKnown(year)) return publicHolidays('CN', year).has(date);
        const detail = chineseDays.getDayDetail(date);
        return !detail.work && !WEEKEND_NAMES.has(detail.name);
      },
      officialWorkday(date) {
        return chinaScheduleKnown(Number(date.slice(0, 4))) ? chineseDays.getDayDetail(date).work : undefined;
      },
    };
  }
  return { country, isHoliday: (date) => publicHolidays(country, Number(date.slice(0, 4))).has(date), officialWorkday: () => undefined };
}

/** The principal country of an IANA zone (Asia/Shanghai → CN, Europe/Berlin → DE); UTC has none. */
export function countryOfZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  const countries = ct.getTimezone(zone)?.countries ?? [];
  return countries[0];
}
