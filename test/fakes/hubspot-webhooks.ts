import type { HubspotWebhookEvent, SignedWebhook } from './hubspot-fake.js';
import { webhookDeliveries } from './webhook-delivery.js';

/**
 * The webhook side of the HubSpot fake: each stage change is posted, signed the v3 way, to the
 * app's target URL, and redelivered with backoff (and a higher `attemptNumber`) until taken.
 * Events go one per batch; HubSpot may batch several, which the parser handles too.
 */
export function hubspotWebhookSender(o: { url?: string; sign: (events: HubspotWebhookEvent[], opts: { url: string }) => SignedWebhook }) {
  let url = o.url;
  const sender = webhookDeliveries<HubspotWebhookEvent>({ maxAttempts: 6, firstRetryMs: 200 });
  return {
    deliveries: sender.deliveries,
    idle: sender.idle,
    /** Webhooks go here from now on (the app's URL is known once it listens). */
    setUrl(target: string | undefined): void {
      url = target;
    },
    send(event: HubspotWebhookEvent): void {
      const target = url;
      if (!target) return;
      sender.send(target, event, (attempt) => {
        const signed = o.sign([{ ...event, attemptNumber: attempt }], { url: target });
        return { headers: Object.fromEntries(signed.headers), body: signed.rawBody };
      });
    },
  };
}
