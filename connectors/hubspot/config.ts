import { z } from 'zod';
import { configFromEnv } from '../shared/env-config.js';

/** A HubSpot connection: a private-app token for the API, the app's client secret for webhooks. */
export const hubspotConfigSchema = z.object({
  /** Private-app access token, sent as `Authorization: Bearer …`. */
  accessToken: z.string().min(1),
  /** The app's client secret: the key of `X-HubSpot-Signature-v3`. Unset: every inbound call is refused. */
  clientSecret: z.string().min(1).optional(),
  baseUrl: z.url().default('https://api.hubapi.com').transform((u) => u.replace(/\/+$/, '')),
  /** The pipeline id written with every stage: a stage id only means something inside its pipeline. */
  pipeline: z.string().min(1).default('default'),
  /** Our own budget; HubSpot's is 100 per 10 s for public apps and 190 for Professional private apps. */
  rateMax: z.coerce.number().int().positive().default(100),
  rateWindowS: z.coerce.number().positive().default(10),
  /**
   * The target URL exactly as configured in HubSpot. HubSpot signs the URL it called; behind a proxy
   * that rewrites host or path, the URL leadflow sees differs and no signature would ever match.
   */
  webhookUrl: z.url().optional(),
});
export type HubspotConfig = z.infer<typeof hubspotConfigSchema>;
export type HubspotConfigInput = z.input<typeof hubspotConfigSchema>;

/**
 * The HubSpot connection from the environment, or `undefined` when `HUBSPOT_ACCESS_TOKEN` is unset
 * (the connector is off). Blank variables count as unset. Throws naming the variable that is wrong.
 */
export function hubspotConfigFromEnv(env: Record<string, string | undefined>): HubspotConfig | undefined {
  return configFromEnv(
    {
      label: 'HubSpot',
      schema: hubspotConfigSchema,
      switch: 'HUBSPOT_ACCESS_TOKEN',
      names: {
        accessToken: 'HUBSPOT_ACCESS_TOKEN',
        clientSecret: 'HUBSPOT_CLIENT_SECRET',
        baseUrl: 'HUBSPOT_BASE_URL',
        pipeline: 'HUBSPOT_PIPELINE',
        rateMax: 'HUBSPOT_RATE_MAX',
        rateWindowS: 'HUBSPOT_RATE_WINDOW_S',
        webhookUrl: 'HUBSPOT_WEBHOOK_URL',
      },
    },
    env,
  );
}
