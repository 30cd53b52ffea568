import { DateTime } from 'luxon';
import type { Lead } from '../../src/domain/lead.js';
import { PROJECT_ROOT } from '../../src/temporal/binaries.js';
import { join } from 'node:path';

export const SHIPPED_JOURNEYS = join(PROJECT_ROOT, 'journeys');
export const FIXTURE_JOURNEYS = join(PROJECT_ROOT, 'test', 'fixtures', 'journeys');

let counter = 0;
export function testLead(overrides: Partial<Lead> = {}): Lead {
  counter += 1;
  return { id: `lead-${Date.now().toString(36)}-${counter}`, email: `lead${counter}@example.com`, name: 'Ann Lee', timezone: 'America/New_York', locale: 'en', owner: 'bob', ...overrides };
}

/** The instant as the lead's wall clock shows it. */
export function localTime(iso: string, zone: string): DateTime {
  return DateTime.fromISO(iso, { zone });
}

/** Inside Mon–Fri 09:00–18:00 on the lead's own clock. */
export function inBusinessHours(iso: string, zone: string): boolean {
  const t = localTime(iso, zone);
  const minutes = t.hour * 60 + t.minute;
  return t.weekday <= 5 && minutes >= 9 * 60 && minutes < 18 * 60;
}
