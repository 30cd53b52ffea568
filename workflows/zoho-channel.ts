import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

export interface ZohoChannelInput {
  channelId: string;
  /** How long before expiry to renew; Zoho suggests a few minutes, an hour leaves room for outages. */
  renewBeforeMs?: number;
  /** The life asked for; Zoho grants at most a week (and one hour when asked for more). */
  lifetimeMs?: number;
  /** The expiry granted last time, for the status query after continue-as-new. */
  expiresAt?: string;
  renewals?: number;
}

const WEEK_MS = 7 * 24 * 3_600_000;
const HOUR_MS = 3_600_000;

export const zohoChannelQuery = wf.defineQuery<{ channelId: string; expiresAt?: string; renewals: number }>('zohoChannel');

const { renewZohoChannel } = wf.proxyActivities<Pick<Activities, 'renewZohoChannel'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes', nonRetryableErrorTypes: ['ConnectorOff'] },
});

/**
 * Keeps Zoho's notification channel alive, indefinitely: subscribe (or renew) with
 * `actions/watch`, sleep until shortly before the granted expiry, continue as new, repeat.
 */
export async function zohoChannelUpkeep(input: ZohoChannelInput): Promise<void> {
  let { expiresAt } = input;
  const renewals = (input.renewals ?? 0) + 1;
  wf.setHandler(zohoChannelQuery, () => ({ channelId: input.channelId, expiresAt, renewals }));
  const lifetime = Math.min(input.lifetimeMs ?? WEEK_MS - HOUR_MS, WEEK_MS - HOUR_MS);
  expiresAt = await renewZohoChannel({ channelId: input.channelId, expiry: new Date(Date.now() + lifetime).toISOString(), mode: renewals === 1 ? 'subscribe' : 'renew', at: new Date(Date.now()).toISOString() });
  const renewBefore = input.renewBeforeMs ?? HOUR_MS;
  await wf.sleep(Math.max(60_000, Date.parse(expiresAt) - renewBefore - Date.now()));
  await wf.continueAsNew<typeof zohoChannelUpkeep>({ ...input, expiresAt, renewals });
}
