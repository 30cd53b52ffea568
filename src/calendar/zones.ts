import { readFileSync } from 'node:fs';
import ct from 'countries-and-timezones';

/**
 * The country each canonical zone belongs to, read from IANA's zone.tab (a copy ships in data/):
 * the one list that says Europe/Simferopol is UA, whatever other libraries infer.
 */
const ZONE_COUNTRY: ReadonlyMap<string, string> = new Map(
  readFileSync(new URL('./data/zone.tab', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('\t'))
    .map(([country, , zone]) => [zone!, country!] as const),
);

/**
 * Zones that lie inside one subdivision with holidays of its own, so the zone alone tells the
 * region. Zones that span several (America/New_York, Europe/Berlin, America/Toronto) imply none.
 * Europe/London covers the whole United Kingdom: England, the most populous part, is the default.
 */
export const ZONE_REGIONS: Readonly<Record<string, string>> = {
  'Australia/Sydney': 'AU-NSW',
  'Australia/Broken_Hill': 'AU-NSW',
  'Australia/Melbourne': 'AU-VIC',
  'Australia/Brisbane': 'AU-QLD',
  'Australia/Lindeman': 'AU-QLD',
  'Australia/Adelaide': 'AU-SA',
  'Australia/Perth': 'AU-WA',
  'Australia/Hobart': 'AU-TAS',
  'Australia/Darwin': 'AU-NT',
  'Europe/London': 'GB-ENG',
  'Europe/Belfast': 'GB-NIR',
  'Atlantic/Canary': 'ES-CN',
  'America/St_Johns': 'CA-NL',
  'America/Regina': 'CA-SK',
  'America/Vancouver': 'CA-BC',
  'Pacific/Honolulu': 'US-HI',
  'America/Anchorage': 'US-AK',
  'America/Phoenix': 'US-AZ',
};

/** The canonical name of a zone (Asia/Calcutta → Asia/Kolkata). */
function canonicalZone(zone: string): string {
  return ct.getTimezone(zone)?.aliasOf ?? zone;
}

/** The country of an IANA zone by zone.tab (Asia/Shanghai → CN, Europe/Simferopol → UA); UTC has none. */
export function countryOfZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  const canonical = canonicalZone(zone);
  return ZONE_COUNTRY.get(canonical) ?? ZONE_COUNTRY.get(zone);
}

/** The region a zone implies on its own (Australia/Sydney → AU-NSW), or undefined. */
export function regionOfZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  return ZONE_REGIONS[zone] ?? ZONE_REGIONS[canonicalZone(zone)];
}

/** Where a person's days off come from: given country and region, else what the zone implies. */
export function placeOf(p: { country?: string; region?: string; timezone?: string }): { country?: string; region?: string } {
  const country = p.country ?? p.region?.slice(0, 2) ?? countryOfZone(p.timezone);
  const implied = regionOfZone(p.timezone);
  const region = p.region ?? (implied && country && implied.startsWith(`${country}-`) ? implied : undefined);
  return { country, region };
}
