import { z } from 'zod';
import { configFromEnv } from '../shared/env-config.js';

/** `www.fxiaoke.com` answers 302 with HTML: only the `open…` hosts are API gateways. */
const baseUrlSchema = z
  .url()
  .refine((u) => new URL(u).host !== 'www.fxiaoke.com', 'www.fxiaoke.com is not an API gateway: use https://open.fxiaoke.com or your cloud’s open… host')
  .transform((u) => u.replace(/\/+$/, ''));

/** A Fxiaoke (纷享销客 / ShareCRM) connection, legacy body-token style. */
export const fxiaokeConfigSchema = z.object({
  appId: z.string().min(1),
  appSecret: z.string().min(1),
  permanentCode: z.string().min(1),
  /** Per-tenant cloud host (open.fxiaoke.com, open-hws.fxiaoke.com, open-na.sharecrm.com, …). */
  baseUrl: baseUrlSchema.default('https://open.fxiaoke.com'),
  /** `currentOpenUserId`: it decides what the calls may see and write, so use a CRM admin. */
  userId: z.string().startsWith('FSUID_', 'must be an open user id (FSUID_…), e.g. from /cgi/user/getByMobile'),
  object: z.string().min(1).default('NewOpportunityObj'),
  stageField: z.string().min(1).default('sales_stage'),
  /** Standard Webhooks secrets of the tenant-configured push; empty means push is off. Several allow rotation. */
  webhookSecrets: z.array(z.string().startsWith('whsec_', 'must be a Standard Webhooks secret (whsec_…)')).default([]),
  /** Fxiaoke documents 100 calls per 20 s per interface; some tenants see 60: it is a setting. */
  rateMax: z.number().int().positive().default(100),
  rateWindowMs: z.number().positive().default(20_000),
});
export type FxiaokeConfig = z.infer<typeof fxiaokeConfigSchema>;
export type FxiaokeConfigInput = z.input<typeof fxiaokeConfigSchema>;

/**
 * The connection from `FXIAOKE_*` variables, or undefined when `FXIAOKE_APP_ID` is unset (the
 * connector is off). Anything else wrong throws an Error that names the variable.
 */
export function fxiaokeConfigFromEnv(env: Record<string, string | undefined>): FxiaokeConfig | undefined {
  return configFromEnv(
    {
      label: 'Fxiaoke',
      schema: fxiaokeConfigSchema,
      switch: 'FXIAOKE_APP_ID',
      names: {
        appId: 'FXIAOKE_APP_ID',
        appSecret: 'FXIAOKE_APP_SECRET',
        permanentCode: 'FXIAOKE_PERMANENT_CODE',
        baseUrl: 'FXIAOKE_BASE_URL',
        userId: 'FXIAOKE_USER_ID',
        object: 'FXIAOKE_OBJECT',
        stageField: 'FXIAOKE_STAGE_FIELD',
        webhookSecrets: 'FXIAOKE_WEBHOOK_SECRET',
        rateMax: 'FXIAOKE_RATE_MAX',
        rateWindowMs: 'FXIAOKE_RATE_WINDOW_S',
      },
      read: { webhookSecrets: (t) => t.split(/\s+/), rateMax: Number, rateWindowMs: (t) => Number(t) * 1000 },
    },
    env,
  );
}
