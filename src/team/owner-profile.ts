import { DEFAULT_TIMEZONE, type Lead } from '../domain/lead.js';
import { DEFAULT_DIGEST_TIME, DEFAULT_QUIET_HOURS, OWNER_EMAIL, type ChatIdentity, type QuietHours } from '../domain/team-chat.js';
import type { Team } from '../domain/team.js';
import { placeOf } from '../calendar/zones.js';

/** Everything leadflow needs to tell one owner about their leads, with the team's defaults applied. */
export interface OwnerProfile {
  id: string;
  /** Whether team.yaml names this owner (an unknown owner still gets the defaults). */
  listed: boolean;
  name: string;
  locale: string;
  timezone: string;
  country?: string;
  region?: string;
  dayStarts?: string;
  email?: string;
  identity: ChatIdentity;
  /** Destination names, `email` for their own address. */
  notify: string[];
  quietHours: Required<QuietHours> | false;
  digest: false | { time: string };
}

const defined = <T extends object>(o: T | undefined): Partial<T> => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Chinese for owners who work in China (or say so), English otherwise. */
function defaultLocale(country: string | undefined): string {
  return country === 'CN' || country === 'TW' || country === 'HK' || country === 'MO' ? (country === 'CN' ? 'zh-CN' : 'zh-TW') : 'en';
}

/**
 * An owner's profile: their entry in team.yaml over the team's defaults. Without a zone of their
 * own, the owner works on the lead's clock (as their tasks do). An owner team.yaml does not list
 * still hears through the default destinations, unmentioned.
 */
export function ownerProfile(team: Team, ownerId: string, lead?: Pick<Lead, 'timezone' | 'country' | 'region'>): OwnerProfile {
  const listed = Object.hasOwn(team.owners, ownerId);
  const own = defined(listed ? team.owners[ownerId] : undefined);
  const merged = { ...defined(team.defaults), ...own };
  const timezone = merged.timezone ?? lead?.timezone ?? DEFAULT_TIMEZONE;
  const place = merged.timezone || merged.country || merged.region ? placeOf({ timezone, country: merged.country, region: merged.region }) : placeOf({ timezone, country: lead?.country, region: lead?.region });
  const quiet = merged.quietHours;
  const digest = merged.digest;
  return {
    id: ownerId,
    listed,
    name: own.name ?? ownerId,
    locale: merged.locale ?? defaultLocale(place.country),
    timezone,
    country: place.country,
    region: place.region,
    dayStarts: merged.dayStarts,
    email: own.email,
    identity: { wecom: own.wecom, dingtalk: own.dingtalk, feishu: own.feishu, slack: own.slack },
    notify: merged.notify ?? (own.email ? [OWNER_EMAIL] : []),
    quietHours: quiet === false ? false : { ...DEFAULT_QUIET_HOURS, ...defined(quiet) },
    digest: digest === false ? false : { time: digest?.time ?? DEFAULT_DIGEST_TIME },
  };
}
