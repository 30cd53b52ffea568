import { fileURLToPath } from 'node:url';
import { isWeekend, type YearSchedule } from '../domain/calendar-file.js';
import { calendarKey, readCalendarDir, watchedCalendarDir, type CalendarFiles } from './calendar-files.js';
import { chinaStatutoryEstimate } from './china-estimate.js';
import { libraryHolidays, libraryRegionalExtras } from './library-holidays.js';
import { taiwanStatutoryEstimate } from './taiwan-estimate.js';

/** The schedules leadflow ships, each checked against an independent source in the test suite. */
export const OFFICIAL_CALENDARS_DIR = fileURLToPath(new URL('./official/', import.meta.url));

/**
 * Countries whose days off are set by a yearly notice that no rule computes exactly. Past the
 * years leadflow holds a notice for, they fall back (to a statutory estimate where the law's rules
 * allow one, else to date-holidays) and say so once per year.
 */
const NOTICE_COUNTRIES: Readonly<Record<string, { estimate?: (year: number) => YearSchedule; missing: string; fallback: string }>> = {
  CN: { estimate: chinaStatutoryEstimate, missing: 'no official schedule', fallback: 'using the statutory estimate' },
  TW: { estimate: taiwanStatutoryEstimate, missing: 'no official calendar (政府行政機關辦公日曆表)', fallback: 'using the statutory estimate' },
  IN: { missing: 'no list of Central Government holidays', fallback: 'using date-holidays, which lacks the festival holidays' },
};

/** Where a place-year's days come from, most trusted first. */
export type CalendarSource = 'operator file' | 'official file' | 'statutory estimate' | 'date-holidays';

/** A place-year that runs on less than its official notice, as `journeys validate` and the log say it. */
export interface CalendarNotice {
  code: string;
  year: number;
  message: string;
}

/** Whether mail and tasks may land on a day, on one place's calendar. Dates are local `YYYY-MM-DD`. */
export interface WorkCalendar {
  readonly country?: string;
  readonly region?: string;
  /** The name of the day off, when the date is a public holiday or a day off in lieu. */
  holidayName(date: string): string | undefined;
  isHoliday(date: string): boolean;
  /** A weekend day that is an official working day (调休 make-up day). */
  isMakeUpWorkday(date: string): boolean;
  /** Monday to Friday or a make-up day, and not a day off. */
  isWorkingDay(date: string): boolean;
}

interface Resolved {
  schedule: YearSchedule;
  source: CalendarSource;
  notice?: CalendarNotice;
}

const merge = (base: YearSchedule, extra: YearSchedule): YearSchedule => {
  const holidays = new Map([...base.holidays, ...extra.holidays]);
  const workdays = new Map([...base.workdays, ...extra.workdays].filter(([d]) => !holidays.has(d)));
  return { holidays, workdays };
};

/** A calendar that knows no holidays: leads without a country. */
export const NO_HOLIDAYS: WorkCalendar = {
  holidayName: () => undefined,
  isHoliday: () => false,
  isMakeUpWorkday: () => false,
  isWorkingDay: (date) => !isWeekend(date),
};

export interface CalendarRegistryOptions {
  /** journeys/calendars: the operator's own files, read again when they change. */
  operatorDir?: string;
  /** The shipped schedules (default: src/calendar/official). */
  officialDir?: string;
  /** Called once per place-year that falls back from its notice, e.g. to log it. */
  onNotice?: (notice: CalendarNotice) => void;
}

/**
 * The calendars of every place leads and owners live in: an operator's file for the year, else
 * the shipped official schedule, else the statutory estimate or date-holidays. A region's own days
 * off (Berlin's 8 March) add to its country's.
 */
export function calendarRegistry(opts: CalendarRegistryOptions = {}) {
  const officialFiles = readCalendarDir(opts.officialDir ?? OFFICIAL_CALENDARS_DIR, 'official').then((r) => {
    if (r.errors.length) throw new Error(`shipped calendar files are invalid:\n${r.errors.map((e) => e.message).join('\n')}`);
    return r.files;
  });
  const operatorFiles = opts.operatorDir ? watchedCalendarDir(opts.operatorDir) : async () => new Map() as CalendarFiles;
  const noticed = new Set<string>();

  function resolve(official: CalendarFiles, operator: CalendarFiles, country: string, region: string | undefined, year: number): Resolved {
    const code = region ?? country;
    let base: Resolved;
    const shipped = official.get(calendarKey(code, year));
    if (shipped) base = { schedule: shipped.schedule, source: 'official file' };
    else if (region) base = { schedule: libraryRegionalExtras(country, region.slice(3), year), source: 'date-holidays' };
    else {
      const rule = NOTICE_COUNTRIES[country];
      const schedule = rule?.estimate ? rule.estimate(year) : { holidays: libraryHolidays(country, undefined, year), workdays: new Map() };
      base = { schedule, source: rule?.estimate ? 'statutory estimate' : 'date-holidays' };
      if (rule) base.notice = { code, year, message: `${code} ${year}: ${rule.missing}; ${rule.fallback} — add journeys/calendars/${code}-${year}.yaml when the notice is out` };
    }
    const own = operator.get(calendarKey(code, year));
    if (!own) return base;
    return { schedule: own.file.extends ? merge(base.schedule, own.schedule) : own.schedule, source: 'operator file', notice: own.file.extends ? base.notice : undefined };
  }

  return {
    /** The calendar of a place: a country, optionally with a region (`DE-BE`) whose own days add to it. */
    async calendar(place: { country?: string; region?: string }): Promise<WorkCalendar> {
      const country = place.country ?? place.region?.slice(0, 2);
      if (!country) return NO_HOLIDAYS;
      const region = place.region?.startsWith(`${country}-`) ? place.region : undefined;
      const [official, operator] = await Promise.all([officialFiles, operatorFiles()]);
      const years = new Map<number, YearSchedule>();
      const scheduleOf = (year: number): YearSchedule => {
        let schedule = years.get(year);
        if (!schedule) {
          const national = resolve(official, operator, country, undefined, year);
          if (national.notice && !noticed.has(calendarKey(country, year))) {
            noticed.add(calendarKey(country, year));
            opts.onNotice?.(national.notice);
          }
          schedule = region ? merge(national.schedule, resolve(official, operator, country, region, year).schedule) : national.schedule;
          years.set(year, schedule);
        }
        return schedule;
      };
      const holidayName = (date: string) => scheduleOf(Number(date.slice(0, 4))).holidays.get(date);
      const isMakeUpWorkday = (date: string) => scheduleOf(Number(date.slice(0, 4))).workdays.has(date);
      return {
        country,
        region,
        holidayName,
        isHoliday: (date) => holidayName(date) !== undefined,
        isMakeUpWorkday,
        isWorkingDay: (date) => holidayName(date) === undefined && (isMakeUpWorkday(date) || !isWeekend(date)),
      };
    },
    /** Where a place-year's days come from, and what is missing: for `journeys validate`. */
    async coverage(code: string, year: number): Promise<{ source: CalendarSource; notice?: CalendarNotice }> {
      const [official, operator] = await Promise.all([officialFiles, operatorFiles()]);
      const country = code.slice(0, 2);
      const { source, notice } = resolve(official, operator, country, code.length > 2 ? code : undefined, year);
      return { source, notice };
    },
  };
}

export type CalendarRegistry = ReturnType<typeof calendarRegistry>;

/** The countries whose calendars need a yearly notice; `journeys validate` checks them. */
export const NOTICE_COUNTRY_CODES = Object.keys(NOTICE_COUNTRIES);
