import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CrmChange } from '../connector.js';
import { CrmInboundError } from '../errors.js';

// Ids are numbers in HubSpot's payloads; strings are accepted too so that a proxy or a future
// payload that quotes them (to survive 2^53) does not break parsing.
const idSchema = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);

/** Any event of the batch: only its type is read before deciding whether it is ours. */
const anyEventSchema = z.looseObject({ subscriptionType: z.string().min(1) });

/** A deal event of a HubSpot webhook batch (CRM object subscriptions, legacy and current apps). */
export const dealEventSchema = z.looseObject({
  eventId: idSchema,
  subscriptionId: idSchema,
  portalId: idSchema,
  appId: idSchema.optional(),
  /** Epoch milliseconds. */
  occurredAt: z.number().int().nonnegative().max(8_640_000_000_000_000, 'must be a time a Date can hold'),
  subscriptionType: z.enum(['deal.propertyChange', 'deal.creation']),
  /** 0 on the first delivery, then 1, 2, …: differs between redeliveries, so it is no part of the event id. */
  attemptNumber: z.number().int().nonnegative().optional(),
  objectId: idSchema,
  propertyName: z.string().optional(),
  propertyValue: z.string().optional(),
  changeSource: z.string().optional(),
});
export type HubspotDealEvent = z.infer<typeof dealEventSchema>;

/**
 * Our id for an event. HubSpot's `eventId` is not guaranteed unique, so the id hashes everything
 * that identifies the change; `attemptNumber` is left out so that a redelivery keeps its id.
 */
export function hubspotEventId(e: HubspotDealEvent): string {
  const key = JSON.stringify([e.subscriptionId, e.eventId, e.objectId, e.occurredAt, e.propertyValue ?? null]);
  return `hubspot:${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

function isStageEvent(e: HubspotDealEvent): boolean {
  return e.subscriptionType === 'deal.creation' || e.propertyName === 'dealstage';
}

/**
 * A webhook body (a JSON array of events, batched) into changes: one per deal-stage change or deal
 * creation, oldest first since HubSpot does not deliver in order. Other subscription types and
 * other properties are ignored. Throws CrmInboundError for a body that is not HubSpot's shape.
 */
export function parseHubspotEvents(body: Uint8Array): CrmChange[] {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new CrmInboundError('the body is not valid UTF-8 JSON');
  }
  if (!Array.isArray(json)) throw new CrmInboundError('the body must be a JSON array of events');
  const changes: { change: CrmChange; at: number }[] = [];
  json.forEach((raw, i) => {
    const any = anyEventSchema.safeParse(raw);
    if (!any.success) throw new CrmInboundError(`event ${i}: not an event (no subscriptionType)`);
    if (any.data.subscriptionType !== 'deal.propertyChange' && any.data.subscriptionType !== 'deal.creation') return;
    const parsed = dealEventSchema.safeParse(raw);
    if (!parsed.success) throw new CrmInboundError(`event ${i}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    const e = parsed.data;
    if (e.subscriptionType === 'deal.propertyChange' && e.propertyName === 'amount') {
      // The deal's value changed (subscribe to `amount` too): no stage in it, the lead's currency stays.
      const amount = Number(e.propertyValue);
      if (e.propertyValue && Number.isFinite(amount) && amount >= 0) changes.push({ at: e.occurredAt, change: { record: { connector: 'hubspot', id: e.objectId, module: 'deals' }, eventId: hubspotEventId(e), deal: { amount }, occurredAt: new Date(e.occurredAt).toISOString() } });
      return;
    }
    if (!isStageEvent(e)) return;
    if (e.subscriptionType === 'deal.propertyChange' && !e.propertyValue) throw new CrmInboundError(`event ${i}: a dealstage change without propertyValue`);
    changes.push({
      at: e.occurredAt,
      change: {
        record: { connector: 'hubspot', id: e.objectId, module: 'deals' },
        eventId: hubspotEventId(e),
        crmStage: e.propertyValue,
        occurredAt: new Date(e.occurredAt).toISOString(),
      },
    });
  });
  // Array.prototype.sort is stable: events of the same millisecond keep the batch's order.
  return changes.sort((a, b) => a.at - b.at).map((c) => c.change);
}
