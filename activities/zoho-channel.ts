import { ApplicationFailure } from '@temporalio/activity';
import type { ZohoConnector } from '../connectors/zoho/index.js';
import type { Connectors } from '../src/crm/configured.js';
import { crmFailure } from './crm-failures.js';

export interface ZohoChannelSettings {
  /** Where Zoho posts: PUBLIC_URL/webhooks/zoho (the connector adds its secret to the query). */
  notifyUrl: string;
}

export interface RenewChannelInput {
  channelId: string;
  /** The end asked for (ISO 8601); Zoho grants at most a week. */
  expiry: string;
  /** First subscription (POST) or renewal (PUT, which replaces the channel). */
  mode: 'subscribe' | 'renew';
  /** Workflow time of the request. */
  at: string;
}

export function zohoChannelActivities(connectors: Connectors, settings?: ZohoChannelSettings) {
  return {
    /** Subscribes or renews the channel; returns the expiry Zoho granted (ISO 8601). */
    async renewZohoChannel({ channelId, expiry, mode }: RenewChannelInput): Promise<string> {
      const zoho = connectors.get('zoho') as Partial<Pick<ZohoConnector, 'watch' | 'renewWatch'>> | undefined;
      if (!zoho?.watch || !zoho.renewWatch || !settings) throw ApplicationFailure.nonRetryable('the Zoho connector is not configured for notifications', 'ConnectorOff');
      try {
        const channel = { channelId, notifyUrl: settings.notifyUrl, expiry };
        const granted = mode === 'subscribe' ? await zoho.watch(channel) : await zoho.renewWatch(channel);
        return new Date(granted.channelExpiry).toISOString();
      } catch (err) {
        return crmFailure(err);
      }
    },
  };
}
