import { ApplicationFailure } from '@temporalio/activity';
import type { Connectors } from '../src/crm/configured.js';
import { crmFailure } from './crm-failures.js';

/** What the Zoho connector offers beyond the common interface: its notification channel. */
export interface ChannelCapable {
  watch(channel: { channelId: string; notifyUrl: string; token: string; expiry: string }): Promise<string>;
}

export interface ZohoChannelSettings {
  /** Where Zoho posts: PUBLIC_URL/webhooks/zoho, with the optional secret in its query. */
  notifyUrl: string;
  token: string;
}

export function zohoChannelActivities(connectors: Connectors, settings?: ZohoChannelSettings) {
  return {
    /** Subscribes or renews; returns the expiry Zoho granted (ISO 8601). */
    async renewZohoChannel({ channelId, expiry }: { channelId: string; expiry: string }): Promise<string> {
      const zoho = connectors.get('zoho') as (ReturnType<Connectors['get']> & Partial<ChannelCapable>) | undefined;
      if (!zoho?.watch || !settings) throw ApplicationFailure.nonRetryable('the Zoho connector is not configured for notifications', 'ConnectorOff');
      try {
        return await zoho.watch({ channelId, notifyUrl: settings.notifyUrl, token: settings.token, expiry });
      } catch (err) {
        return crmFailure(err);
      }
    },
  };
}
