import { z } from 'zod';
import { configFromEnv } from '../shared/env-config.js';

/**
 * A Zoho CRM connection (self client or server app, refresh-token grant). The client needs the
 * scopes `ZohoCRM.modules.deals.ALL`, `ZohoCRM.modules.tasks.CREATE`, `ZohoCRM.modules.notes.CREATE`,
 * `ZohoCRM.settings.fields.READ`, `ZohoCRM.settings.modules.READ`, `ZohoCRM.settings.layouts.READ`,
 * `ZohoCRM.settings.pipeline.READ` and `ZohoCRM.notifications.ALL`.
 */
export const zohoConfigSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  refreshToken: z.string().min(1),
  /**
   * The accounts server of the data centre the refresh token was issued by (the `accounts-server`
   * of the authorization redirect): a refresh token minted at accounts.zoho.eu is unknown to
   * accounts.zoho.com. API calls go to the `api_domain` the token response names, never a fixed host.
   */
  accountsUrl: z.url().transform((u) => u.replace(/\/+$/, '')).default('https://accounts.zoho.com'),
  /** Echoed in every notification: Zoho signs nothing, so this is the whole check (max 50 chars). */
  webhookToken: z.string().min(32, 'must be at least 32 characters').max(50, 'must be at most 50 characters (Zoho’s limit)'),
  /** Put in the notify URL's query and echoed back in `query_params`: a second, independent secret. */
  webhookSecret: z.string().min(16, 'must be at least 16 characters').optional(),
  apiVersion: z.string().regex(/^v\d+$/, 'must look like v8').default('v8'),
  module: z.string().min(1).default('Deals'),
  /** Zoho's per-org concurrency: Free 5, Standard 10, Professional 15, Enterprise 20, Ultimate 25. */
  rateConcurrency: z.number().int().min(1).max(25).default(10),
});
export type ZohoConfig = z.infer<typeof zohoConfigSchema>;
export type ZohoConfigInput = z.input<typeof zohoConfigSchema>;

/**
 * The connection from `ZOHO_*` variables, or undefined when `ZOHO_CLIENT_ID` is unset (the
 * connector is off). Anything missing or wrong throws an Error that names the variable.
 */
export function zohoConfigFromEnv(env: Record<string, string | undefined>): ZohoConfig | undefined {
  return configFromEnv(
    {
      label: 'Zoho',
      schema: zohoConfigSchema,
      switch: 'ZOHO_CLIENT_ID',
      names: {
        clientId: 'ZOHO_CLIENT_ID',
        clientSecret: 'ZOHO_CLIENT_SECRET',
        refreshToken: 'ZOHO_REFRESH_TOKEN',
        accountsUrl: 'ZOHO_ACCOUNTS_URL',
        webhookToken: 'ZOHO_WEBHOOK_TOKEN',
        webhookSecret: 'ZOHO_WEBHOOK_SECRET',
        apiVersion: 'ZOHO_API_VERSION',
        module: 'ZOHO_MODULE',
        rateConcurrency: 'ZOHO_RATE_CONCURRENCY',
      },
      read: { rateConcurrency: Number },
    },
    env,
  );
}
