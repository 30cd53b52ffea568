import { z } from 'zod';
import type { CrmChange, InboundRequest, Verification } from '../connector.js';
import { identifierSchema } from '../../src/domain/safe-text.js';
import { FAR_FUTURE_PROBLEM, isFarFuture } from '../../src/domain/time-bounds.js';
import { CrmInboundError } from '../errors.js';
import { verifyStandardWebhook } from '../shared/standard-webhooks.js';
import type { FxiaokeConfig } from './config.js';
import { epochMsSchema } from './poll-changes.js';

/**
 * One change as leadflow expects a tenant-configured push to send it: a Fxiaoke workflow
 * action or APL custom function (自定义函数) POSTing JSON to `/webhooks/fxiaoke`, signed the
 * Standard Webhooks way with FXIAOKE_WEBHOOK_SECRET. Fxiaoke has no push of its own that we
 * could confirm, so this shape is leadflow's contract, not Fxiaoke's:
 *
 * ```json
 * { "objectApiName": "NewOpportunityObj", "dataId": "65f…", "sales_stage": "3",
 *   "last_modified_time": 1718000000000, "eventId": "optional, e.g. the flow instance id" }
 * ```
 * or `{ "events": [ …up to 500 of those… ] }`. The stage sits under the stage field's API
 * name (FXIAOKE_STAGE_FIELD, `sales_stage` by default) and is the option value, not the label.
 */
export const pushEventSchema = z.looseObject({
  objectApiName: identifierSchema(100),
  dataId: identifierSchema(200),
  /**
   * Epoch ms of the change in Fxiaoke; it orders changes and, when `eventId` is absent, names the
   * event `<dataId>:<last_modified_time>`, the same id polling gives it: pushed and polled, one effect.
   */
  last_modified_time: epochMsSchema.refine((ms) => !isFarFuture(ms), FAR_FUTURE_PROBLEM),
  eventId: identifierSchema(200).optional(),
});
export type PushEvent = z.infer<typeof pushEventSchema>;

const pushBatchSchema = z.object({ events: z.array(pushEventSchema).min(1).max(500) });
export const pushPayloadSchema = z.union([pushBatchSchema, pushEventSchema]);
export type PushPayload = z.infer<typeof pushPayloadSchema>;

/** Standard Webhooks over the raw bytes, against every configured secret, five minutes either way. */
export function verifyPush(config: FxiaokeConfig, req: InboundRequest, nowMs: number): Verification {
  if (config.webhookSecrets.length === 0) return { ok: false, problem: 'push is off: set FXIAOKE_WEBHOOK_SECRET' };
  const h = (name: string) => req.headers.get(name) ?? undefined;
  const check = verifyStandardWebhook(
    config.webhookSecrets,
    { id: h('webhook-id'), timestamp: h('webhook-timestamp'), signature: h('webhook-signature') },
    req.body,
    Math.floor(nowMs / 1000),
  );
  return check.ok ? { ok: true } : { ok: false, problem: check.problem };
}

/** The changes of a verified push, one per record: of several for one record, the latest wins. */
export function parsePush(config: FxiaokeConfig, req: InboundRequest): CrmChange[] {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(req.body));
  } catch {
    throw new CrmInboundError('the body is not UTF-8 JSON');
  }
  // Picked by the key, not by a union, so that the problem named is that of the shape meant.
  const batch = typeof json === 'object' && json !== null && 'events' in json;
  const parsed = (batch ? pushBatchSchema : pushEventSchema.transform((e) => ({ events: [e] }))).safeParse(json);
  if (!parsed.success) {
    throw new CrmInboundError(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  }
  const events = parsed.data.events;

  const latest = new Map<string, PushEvent>();
  for (const [i, e] of events.entries()) {
    const stage = e[config.stageField];
    if (stage !== undefined && stage !== null && typeof stage !== 'string') {
      throw new CrmInboundError(`${batch ? `events.${i}.` : ''}${config.stageField}: must be the stage option value, a string`);
    }
    const key = `${e.objectApiName}\u0000${e.dataId}`;
    const seen = latest.get(key);
    if (!seen || seen.last_modified_time <= e.last_modified_time) latest.set(key, e);
  }

  return [...latest.values()].map((e) => {
    const stage = e[config.stageField];
    return {
      record: { connector: 'fxiaoke', id: e.dataId, module: e.objectApiName },
      eventId: e.eventId ?? `${e.dataId}:${e.last_modified_time}`,
      crmStage: typeof stage === 'string' && stage !== '' ? stage : undefined,
      occurredAt: new Date(e.last_modified_time).toISOString(),
    };
  });
}
