import { CrmError } from '../errors.js';

/**
 * Zoho writes date-times as ISO 8601 with the org's offset and whole seconds
 * (`2024-01-15T15:26:49+05:30`) and expects the same in `If-Modified-Since`,
 * `If-Unmodified-Since` and `channel_expiry`. Comparisons always go through `Date.parse`: the
 * strings of two orgs, or of one org before and after a time-zone change, do not sort.
 */
export function toZohoDateTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}+00:00`;
}

/** Milliseconds since the epoch of an ISO 8601 date-time; anything else is a bug, not worth a retry. */
export function parseDateTime(value: string, what: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new CrmError(`${what}: not an ISO 8601 date-time: ${value}`, false);
  return ms;
}

/** The same instant in UTC (`…Z`), so that leadflow compares times as strings safely. */
export function toUtcIso(value: string): string {
  return new Date(parseDateTime(value, 'Zoho date-time')).toISOString();
}
