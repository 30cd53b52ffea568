import { DateTime } from 'luxon';
import { localDate, localInstant } from '../schedule/local-time.js';
import { ownerProfile, type OwnerProfile } from './owner-profile.js';
import type { TeamDeps } from './team-deps.js';

const SEARCH_DAYS = 400;

export interface DigestPlan {
  /** The owner's local date the digest is for. */
  date: string;
  /** When it goes out: the digest's time on that date, on the owner's clock. */
  at: string;
}

/** The local date after `date` (calendar arithmetic, no zone involved). */
export const nextDate = (date: string) => DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toISODate()!;

/**
 * The owner's next digest: the first of their working days (their own calendar: weekends and
 * public holidays off, make-up days on) after `lastDate` whose digest time is not yet past. Null
 * when the owner left team.yaml, turned the digest off, or has nowhere to receive it.
 */
export async function planDigest(deps: Pick<TeamDeps, 'library' | 'calendars'>, input: { owner: string; after: string; lastDate?: string }): Promise<DigestPlan | null> {
  const team = await deps.library.team();
  if (!Object.hasOwn(team.owners, input.owner)) return null;
  const owner = ownerProfile(team, input.owner);
  if (!owner.digest || !owner.notify.length) return null;
  const calendar = await deps.calendars.calendar({ country: owner.country, region: owner.region });
  const after = new Date(input.after);
  let date = localDate(after, owner.timezone);
  for (let i = 0; i < SEARCH_DAYS; i++, date = nextDate(date)) {
    if (input.lastDate && date <= input.lastDate) continue;
    if (!calendar.isWorkingDay(date)) continue;
    const at = localInstant(date, owner.digest.time, owner.timezone);
    if (at < after) continue;
    return { date, at: at.toISOString() };
  }
  return null;
}

/** The local date before `date`. */
export const previousDate = (date: string) => DateTime.fromISO(date, { zone: 'UTC' }).minus({ days: 1 }).toISODate()!;

/**
 * When the digest before `date` would have gone out: its time on the owner's previous working
 * day. A first digest counts hot leads and wins from there, so Monday's covers Friday's afternoon.
 */
export async function previousDigestTime(deps: Pick<TeamDeps, 'calendars'>, owner: OwnerProfile, date: string): Promise<Date> {
  const calendar = await deps.calendars.calendar({ country: owner.country, region: owner.region });
  let day = previousDate(date);
  for (let i = 0; i < SEARCH_DAYS && !calendar.isWorkingDay(day); i++) day = previousDate(day);
  return localInstant(day, owner.digest ? owner.digest.time : '09:00', owner.timezone);
}
