import Holidays from 'date-holidays';
import type { YearSchedule } from '../domain/calendar-file.js';

const cache = new Map<string, Map<string, string>>();

/**
 * The public holidays the date-holidays package computes for a country (or one of its
 * subdivisions) in a year: days off for everyone, substitute days included. Observances, bank
 * and optional holidays are not days off, so they never block mail.
 */
export function libraryHolidays(country: string, subdivision: string | undefined, year: number): Map<string, string> {
  const key = `${country}-${subdivision ?? ''}-${year}`;
  let days = cache.get(key);
  if (!days) {
    days = new Map();
    const hd = subdivision ? new Holidays(country, subdivision) : new Holidays(country);
    for (const h of hd.getHolidays(year) || []) if (h.type === 'public') days.set(h.date.slice(0, 10), h.name);
    cache.set(key, days);
  }
  return days;
}

/** The days off a subdivision has on top of its country's (Berlin's 8 March, NSW's Bank Holiday is not one). */
export function libraryRegionalExtras(country: string, subdivision: string, year: number): YearSchedule {
  const national = libraryHolidays(country, undefined, year);
  const regional = libraryHolidays(country, subdivision, year);
  return { holidays: new Map([...regional].filter(([date]) => !national.has(date))), workdays: new Map() };
}

/** Whether date-holidays knows a subdivision of a country (`DE`, `BE`). */
export function librarySubdivisionKnown(country: string, subdivision: string): boolean {
  return Object.hasOwn(new Holidays().getStates(country) ?? {}, subdivision);
}

/** Whether leadflow has public holidays for an ISO 3166-2 region (`DE-BE`): a lead's region must be one. */
export function isKnownRegion(region: string): boolean {
  return librarySubdivisionKnown(region.slice(0, 2), region.slice(3));
}
