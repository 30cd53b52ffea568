import { z } from 'zod';
import { buildCrmRecordSchema } from './crm.js';
import { buildStageSchema } from './stages.js';
import { freeTextSchema, identifierSchema, nameSchema } from './safe-text.js';
import { buildDealSchema } from './deal.js';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** A region lies in the lead's country (`DE-BE` in `DE`). */
export const regionInCountry = (l: { region?: string; country?: string }) => !l.region || !l.country || l.region.startsWith(`${l.country}-`);
/**
 * The message and path of a region outside the lead's country: a new object on each call, since
 * zod rewrites the params it is given (and the worker freezes what src/domain exports).
 */
export const regionInCountryIssue = () => ({ message: "must be a region of the lead's country", path: ['region'] });

/**
 * Builds the lead's schemas, every one anew: leadflow uses one set (the exports below); the
 * journeys get a set of their own from journeyValidators (src/domain/journey-validators.ts).
 */
export function buildLeadSchemas() {
  // Every pattern is a literal in here, so each set has RegExp objects of its own (zod writes their lastIndex).
  /**
   * The caller's stable key for a lead (a CRM record id, an id from a form, a row id). The lead's
   * workflow is keyed by it, so it must not be an e-mail address: addresses change, keys don't.
   */
  const leadIdSchema = z
    .string()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:~@-]*$/, 'may hold only letters, digits and . _ : ~ -')
    .refine((id) => !id.includes('@'), 'must be a stable key, not an e-mail address');

  /** An IANA time zone such as Asia/Shanghai (the machine's zone database decides what exists). */
  const timezoneSchema = z.string().max(100).refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai');
  /** ISO 3166-1 alpha-2, for public holidays. */
  const countrySchema = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 country code such as CN or US');
  /** ISO 3166-2 subdivision (`DE-BE`, `GB-ENG`, `AU-NSW`, `US-CA`, `IN-MH`), whose own public holidays count too. */
  const regionSchema = z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'must be an ISO 3166-2 region code such as DE-BE or AU-NSW');

  const attributeValueSchema = z.union([freeTextSchema(2000), z.number(), z.boolean(), z.null()]);
  const attributesSchema = z.record(identifierSchema(100), attributeValueSchema);

  /**
   * "MM-DD" or "YYYY-MM-DD" on the Gregorian calendar, or a Chinese lunar date that says so:
   * `{calendar: "chinese", month, day, leap?}` (`leap`: born in the leap month of that number;
   * `leapMonth` is accepted as an older spelling).
   */
  const birthdaySchema = z.union([
    z.string().regex(/^(?:\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be "MM-DD" or "YYYY-MM-DD"'),
    z.object({
      calendar: z.literal('chinese'),
      month: z.number().int().min(1).max(12),
      day: z.number().int().min(1).max(30),
      leap: z.boolean().optional(),
      leapMonth: z.boolean().optional(),
    }),
  ]);

  const consentSchema = z.object({
    marketing: z.boolean(),
    at: z.iso.datetime({ offset: true }).optional(),
    source: nameSchema(200).optional(),
  });

  /** The lead's fields, before the checks across fields (for schemas that replace a field). */
  const leadObjectSchema = z.object({
    id: leadIdSchema,
    // A copy of zod's pattern: a RegExp the worker shares is frozen, and zod resets its lastIndex.
    email: z.email({ message: 'must be an e-mail address', pattern: new RegExp(z.regexes.email.source, z.regexes.email.flags) }),
    name: nameSchema(200).optional(),
    locale: z.string().max(100).refine(isLocale, 'must be a BCP 47 language tag such as en or zh-CN').optional(),
    timezone: timezoneSchema.optional(),
    /** ISO 3166 country for public holidays; when absent, the region's, else the country of `timezone`. */
    country: countrySchema.optional(),
    /** Regional public holidays are skipped on top of national ones; when absent, the region the zone implies. */
    region: regionSchema.optional(),
    owner: nameSchema(200).optional(),
    source: nameSchema(200).optional(),
    birthday: birthdaySchema.optional(),
    attributes: attributesSchema.optional(),
    consent: consentSchema.optional(),
    /** The CRM records this lead is linked to; a stage change from one reaches the others. */
    crm: z.array(buildCrmRecordSchema()).max(10).optional(),
    /** Where a lead that is new to leadflow enters the funnel (imports of open deals); default `lead`. */
    stage: buildStageSchema().optional(),
    /** The deal's value (`{amount, currency}`), for won value, pipeline and velocity; CRMs fill it from their amount field. */
    deal: buildDealSchema().optional(),
  });

  const leadSchema = leadObjectSchema.refine(regionInCountry, regionInCountryIssue());
  return { leadIdSchema, timezoneSchema, countrySchema, regionSchema, attributeValueSchema, attributesSchema, birthdaySchema, consentSchema, leadObjectSchema, leadSchema };
}

const built = buildLeadSchemas();
/** The caller's stable key for a lead (a CRM record id, a form's id, a row id), never an e-mail address: the journey is keyed by it. */
export const leadIdSchema = built.leadIdSchema;
/** An IANA time zone such as Asia/Shanghai (the machine's zone database decides what exists). */
export const timezoneSchema = built.timezoneSchema;
/** ISO 3166-1 alpha-2, for public holidays. */
export const countrySchema = built.countrySchema;
/** ISO 3166-2 subdivision (`DE-BE`, `AU-NSW`, `IN-MH`), whose own public holidays count too. */
export const regionSchema = built.regionSchema;
/** One attribute value: free text, a number, a boolean or null. */
export const attributeValueSchema = built.attributeValueSchema;
/** The lead's free attributes, for templates and conditions. */
export const attributesSchema = built.attributesSchema;
/** "MM-DD" or "YYYY-MM-DD" on the Gregorian calendar, or a Chinese lunar date that says so. */
export const birthdaySchema = built.birthdaySchema;
/** Marketing consent: whether, when and where it was given. */
export const consentSchema = built.consentSchema;
/** The lead's fields, before the checks across fields (for schemas that replace a field). */
export const leadObjectSchema = built.leadObjectSchema;
/** A lead as the API and the CRMs give it, its region checked against its country. */
export const leadSchema = built.leadSchema;

export type Birthday = z.infer<typeof birthdaySchema>;
export type Lead = z.infer<typeof leadSchema>;
export type Attributes = z.infer<typeof attributesSchema>;

export const DEFAULT_LOCALE = 'en';
export const DEFAULT_TIMEZONE = 'UTC';

/** The workflow id of a lead's journey. One workflow per lead, for its whole life. */
export function leadWorkflowId(leadId: string): string {
  return `lead:${leadId}`;
}
