import { describe, expect, it } from 'vitest';
import { librarySubdivisionKnown } from './library-holidays.js';
import { countryOfZone, placeOf, regionOfZone, ZONE_REGIONS } from './zones.js';

describe('places from time zones', () => {
  it('take the country from zone.tab, aliases resolved', () => {
    expect(countryOfZone('Europe/Simferopol')).toBe('UA');
    expect(countryOfZone('Asia/Shanghai')).toBe('CN');
    expect(countryOfZone('Asia/Urumqi')).toBe('CN');
    expect(countryOfZone('Asia/Calcutta')).toBe('IN');
    expect(countryOfZone('America/Puerto_Rico')).toBe('PR');
    expect(countryOfZone('UTC')).toBeUndefined();
  });

  it('imply a region only where the zone lies inside one, and every implied region has holidays of its own', () => {
    expect(regionOfZone('Australia/Sydney')).toBe('AU-NSW');
    expect(regionOfZone('Europe/London')).toBe('GB-ENG');
    expect(regionOfZone('Europe/Belfast')).toBe('GB-NIR');
    expect(regionOfZone('America/New_York')).toBeUndefined();
    expect(regionOfZone('Europe/Berlin')).toBeUndefined();
    for (const [zone, region] of Object.entries(ZONE_REGIONS)) {
      expect(region.slice(0, 2), zone).toBe(countryOfZone(zone));
      expect(librarySubdivisionKnown(region.slice(0, 2), region.slice(3)), region).toBe(true);
    }
  });

  it('let a lead’s own country and region win over its zone', () => {
    expect(placeOf({ timezone: 'Australia/Sydney' })).toEqual({ country: 'AU', region: 'AU-NSW' });
    expect(placeOf({ timezone: 'Australia/Sydney', region: 'AU-VIC' })).toEqual({ country: 'AU', region: 'AU-VIC' });
    expect(placeOf({ timezone: 'Europe/London', country: 'IE' })).toEqual({ country: 'IE', region: undefined });
    expect(placeOf({ region: 'DE-BE' })).toEqual({ country: 'DE', region: 'DE-BE' });
  });
});
