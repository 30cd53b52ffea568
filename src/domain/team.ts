import { z } from 'zod';
import { clockTimeSchema } from './send-window.js';
import { countrySchema, regionSchema, timezoneSchema } from './lead.js';
import { checkDestinationRefs, crmRecordUrlsSchema, destinationNameSchema, destinationSchema, notifySettingsSchema, ownerContactSchema } from './team-chat.js';

/**
 * Where and when an owner works: the clock and the public holidays their tasks fall due by. Any
 * field left out comes from the team's `defaults`, then from the lead the task is about.
 */
export const workPlaceSchema = z.strictObject({
  timezone: timezoneSchema.optional(),
  country: countrySchema.optional(),
  region: regionSchema.optional(),
  /** When a due date moved off a weekend or holiday falls on the next working day. */
  dayStarts: clockTimeSchema.optional(),
});
export type WorkPlace = z.infer<typeof workPlaceSchema>;

/**
 * `journeys/team.yaml`: the sales team, by the owner ids leads carry; where each hears about their
 * leads (`destinations`, see team-chat.ts) and how CRM records are linked from messages.
 */
export const teamSchema = z
  .strictObject({
    defaults: workPlaceSchema.extend(notifySettingsSchema.shape).default({}),
    owners: z.record(z.string().min(1).max(200), workPlaceSchema.extend({ name: z.string().max(200).optional() }).extend(ownerContactSchema.shape)).default({}),
    destinations: z.record(destinationNameSchema, destinationSchema).default({}),
    crmRecordUrls: crmRecordUrlsSchema.optional(),
  })
  .superRefine(checkDestinationRefs);
export type Team = z.infer<typeof teamSchema>;

/** The owner's work place: their own fields, then the team's defaults. */
export function ownerWorkPlace(team: Team, owner: string | undefined): WorkPlace {
  const own = owner !== undefined && Object.hasOwn(team.owners, owner) ? team.owners[owner] : undefined;
  return { ...team.defaults, ...Object.fromEntries(Object.entries(own ?? {}).filter(([, v]) => v !== undefined)) };
}
