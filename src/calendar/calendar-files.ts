import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { calendarFileSchema, checkCalendarFile, scheduleOf, type CalendarFile, type YearSchedule } from '../domain/calendar-file.js';
import { JourneyError } from '../journeys/journey-error.js';
import { readYaml } from '../journeys/yaml-file.js';

/** `CN-2027.yaml`, `DE-BE-2027.yaml`: a place code and a year. */
const FILE_NAME = /^([A-Z]{2}(?:-[A-Z0-9]{1,3})?)-(\d{4})\.yaml$/;

/** One calendar file, read and checked: what it says and where it came from. */
export interface CalendarYear {
  code: string;
  year: number;
  file: CalendarFile;
  schedule: YearSchedule;
  /** `calendars/CN-2027.yaml`, how errors and timelines name it. */
  label: string;
}

/** `CN-2027` → the file for that place and year. */
export type CalendarFiles = ReadonlyMap<string, CalendarYear>;

/** The key of a place-year in CalendarFiles. */
export const calendarKey = (code: string, year: number) => `${code}-${year}`;

/**
 * Reads every calendar file in a folder. A file with any problem is left out whole (a half-read
 * year is worse than none) and its problems are returned, named by file, path and line.
 */
export async function readCalendarDir(dir: string, labelPrefix = 'calendars'): Promise<{ files: Map<string, CalendarYear>; errors: JourneyError[] }> {
  const files = new Map<string, CalendarYear>();
  const errors: JourneyError[] = [];
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return { files, errors };
  }
  for (const name of names.filter((n) => n.endsWith('.yaml') || n.endsWith('.yml'))) {
    const label = `${labelPrefix}/${name}`;
    const match = FILE_NAME.exec(name);
    if (!match) {
      errors.push(new JourneyError(label, '', 'must be named <COUNTRY or REGION>-<YEAR>.yaml, e.g. CN-2027.yaml or DE-BE-2027.yaml'));
      continue;
    }
    const [, code, yearText] = match;
    const { value, errors: readErrors } = await readYaml(join(dir, name), label, calendarFileSchema);
    const problems = value ? checkCalendarFile(value, { code: code!, year: Number(yearText) }).map((p) => new JourneyError(label, p.path, p.problem)) : [];
    errors.push(...readErrors, ...problems);
    if (value && !readErrors.length && !problems.length) {
      files.set(calendarKey(code!, value.year), { code: code!, year: value.year, file: value, schedule: scheduleOf(value), label });
    }
  }
  return { files, errors };
}

/**
 * A folder an operator may change while leadflow runs: read again whenever a file in it is added,
 * removed or changed (by name, size and modification time), so a notice added the day it is
 * published is in force for the next send without a restart.
 */
export function watchedCalendarDir(dir: string, labelPrefix?: string) {
  let signature: string | undefined;
  let current: Promise<Map<string, CalendarYear>> = Promise.resolve(new Map());
  return async function files(): Promise<CalendarFiles> {
    let next: string;
    try {
      const names = (await readdir(dir)).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort();
      const stats = await Promise.all(names.map((n) => stat(join(dir, n)).then((s) => `${n}:${s.size}:${s.mtimeMs}`)));
      next = stats.join('|');
    } catch {
      next = '';
    }
    if (next !== signature) {
      signature = next;
      current = readCalendarDir(dir, labelPrefix).then((r) => r.files);
    }
    return current;
  };
}
