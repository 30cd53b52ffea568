import { zohoConfigFromEnv, zohoConnector } from '../../connectors/zoho/index.js';
import { zohoChannelActivities, type RenewChannelInput } from '../../activities/zoho-channel.js';
import type { ConfiguredConnector } from '../../src/crm/configured.js';
import type { startZohoFake } from '../fakes/zoho-fake.js';

/**
 * The real renewal activity against a fake Zoho, with the connector's and the fake's clock set
 * to the workflow's time at each call, so a time-skipped month is a month for all three.
 */
export function zohoActivitiesForTest(
  zoho: Awaited<ReturnType<typeof startZohoFake>>,
  clock: () => number,
  setClock: (t: number) => void,
  log: { at: number; expiresAt: number; mode: string }[],
) {
  const connector = zohoConnector(zohoConfigFromEnv(zoho.env())!, { now: clock }) as unknown as ConfiguredConnector;
  const { renewZohoChannel } = zohoChannelActivities(new Map([['zoho', connector]]), { notifyUrl: 'https://leadflow.example/webhooks/zoho' });
  return {
    async renewZohoChannel(input: RenewChannelInput): Promise<string> {
      setClock(Date.parse(input.at));
      const granted = await renewZohoChannel(input);
      log.push({ at: Date.parse(input.at), expiresAt: Date.parse(granted), mode: input.mode });
      return granted;
    },
  };
}
