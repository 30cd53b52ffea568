import { z } from 'zod';

/** Zoho ids are 19-digit numbers: strings in v2+, but accept numbers without losing the type. */
export const zohoIdSchema = z.union([z.string().min(1), z.number().int()]).transform(String);

/** A failed call: `{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}`. */
export const apiErrorSchema = z.object({
  code: z.string(),
  message: z.string().optional(),
  details: z.unknown().optional(),
  status: z.string().optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** One entry of a write's `data` (or `watch`) array: every record succeeds or fails on its own. */
export const writeResultSchema = z.object({
  code: z.string(),
  status: z.string(),
  message: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type WriteResult = z.infer<typeof writeResultSchema>;

export const writeResponseSchema = z.object({ data: z.array(writeResultSchema).min(1) });

const lookupSchema = z.object({ id: zohoIdSchema, name: z.string().nullish(), email: z.string().nullish() });

/** The Deal fields leadflow reads; Zoho returns only the ones named in `fields`. */
export const dealSchema = z.object({
  id: zohoIdSchema,
  Stage: z.string().nullish(),
  Modified_Time: z.string().min(1),
  Deal_Name: z.string().nullish(),
  Contact_Name: lookupSchema.nullish(),
  Owner: lookupSchema.nullish(),
  /** The deal's value; `Currency` (an ISO code) only in orgs with multiple currencies. */
  Amount: z.number().finite().nullish().catch(undefined),
  Currency: z.string().regex(/^[A-Z]{3}$/).nullish().catch(undefined),
});
export type ZohoDeal = z.infer<typeof dealSchema>;

export const DEAL_FIELDS = 'Stage,Modified_Time,Deal_Name,Contact_Name,Owner,Amount,Currency';

export const recordListSchema = z.object({
  data: z.array(dealSchema),
  info: z.object({ more_records: z.boolean().optional() }).optional(),
});

/** The refresh grant's answer; older servers sent `expires_in` in ms next to `expires_in_sec`. */
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  api_domain: z.url().optional(),
  expires_in: z.number().positive().optional(),
  expires_in_sec: z.number().positive().optional(),
  token_type: z.string().optional(),
});

/** The accounts server's refusal: `{"error":"invalid_code"}`, or the throttle's `Access Denied`. */
export const tokenErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

export const watchResponseSchema = z.object({
  watch: z
    .array(
      writeResultSchema.extend({
        details: z
          .object({ events: z.array(z.object({ channel_expiry: z.string(), channel_id: zohoIdSchema.optional() }).loose()).optional() })
          .loose()
          .optional(),
      }),
    )
    .min(1),
});

export const fieldsResponseSchema = z.object({
  fields: z.array(
    z
      .object({
        api_name: z.string(),
        id: zohoIdSchema.optional(),
        pick_list_values: z.array(z.object({ actual_value: z.string(), display_value: z.string().optional() }).loose()).optional(),
      })
      .loose(),
  ),
});

export const modulesResponseSchema = z.object({ modules: z.array(z.object({ api_name: z.string(), id: zohoIdSchema }).loose()).min(1) });

export const layoutsResponseSchema = z.object({ layouts: z.array(z.object({ id: zohoIdSchema, name: z.string().optional() }).loose()) });

export const pipelinesResponseSchema = z.object({
  pipeline: z.array(
    z
      .object({
        display_value: z.string(),
        actual_value: z.string().optional(),
        default: z.boolean().optional(),
        maps: z.array(z.object({ actual_value: z.string(), display_value: z.string().optional(), sequence_number: z.number().optional() }).loose()),
      })
      .loose(),
  ),
});
