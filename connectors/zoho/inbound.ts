import { z } from 'zod';
import type { CrmChange, InboundRequest, Verification } from '../connector.js';
import { CrmInboundError } from '../errors.js';
import { safeEqual } from '../shared/safe-equal.js';
import type { ZohoCall } from './client.js';
import { dealChange, fetchDeals } from './read-deals.js';
import { zohoIdSchema } from './responses.js';

/** The query parameter `watch()` adds to the notify URL when ZOHO_WEBHOOK_SECRET is set. */
export const NOTIFY_SECRET_PARAM = 'leadflow_secret';

/**
 * A record id in a callback: Zoho's ids are numbers of up to 19 digits. Anything else is refused
 * with 400 here, rather than read back from Zoho, which would refuse it on every redelivery.
 */
const notifiedIdSchema = z.union([z.string().regex(/^\d{1,30}$/, 'must be a Zoho record id (digits)'), z.number().int().nonnegative()]).transform(String);

/** What Zoho POSTs to the notify URL (Notification API callback, v7 doc sample). */
export const notificationSchema = z.object({
  server_time: z.number(),
  module: z.string().min(1),
  ids: z.array(notifiedIdSchema).max(1000),
  operation: z.string().min(1),
  channel_id: zohoIdSchema,
  token: z.string(),
  query_params: z.record(z.string(), z.unknown()).optional(),
  resource_uri: z.string().optional(),
  affected_fields: z.unknown().optional(),
  affected_values: z.unknown().optional(),
});
export type ZohoNotification = z.infer<typeof notificationSchema>;

function readJson(body: Uint8Array): unknown {
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
}

/**
 * Zoho signs nothing: a callback is genuine when it echoes the channel's token (and, if set, the
 * secret that `watch()` put in the notify URL). The body must be read for that, so this reads
 * it as JSON and looks at those two values only; parse() checks the rest.
 */
export function verifyNotification(req: InboundRequest, secrets: { token: string; secret?: string | undefined }): Verification {
  if (req.method.toUpperCase() !== 'POST') return { ok: false, problem: `Zoho notifications are POSTs, not ${req.method}` };
  let body: unknown;
  try {
    body = readJson(req.body);
  } catch {
    return { ok: false, problem: 'the body is not JSON' };
  }
  const token = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).token : undefined;
  if (typeof token !== 'string') return { ok: false, problem: 'the body has no token' };
  if (!safeEqual(token, secrets.token)) return { ok: false, problem: 'the token does not match ZOHO_WEBHOOK_TOKEN' };
  if (secrets.secret !== undefined) {
    const echoed = (body as { query_params?: unknown }).query_params;
    const fromBody = typeof echoed === 'object' && echoed !== null ? (echoed as Record<string, unknown>)[NOTIFY_SECRET_PARAM] : undefined;
    let fromUrl: string | null = null;
    try {
      fromUrl = new URL(req.url).searchParams.get(NOTIFY_SECRET_PARAM);
    } catch {
      // A relative or odd URL carries no secret; the body may still.
    }
    const given = typeof fromBody === 'string' ? fromBody : fromUrl;
    if (given === null || !safeEqual(given, secrets.secret)) return { ok: false, problem: `the ${NOTIFY_SECRET_PARAM} query parameter does not match ZOHO_WEBHOOK_SECRET` };
  }
  return { ok: true };
}

/** The callback's body, or CrmInboundError (answer 400). */
export function readNotification(req: InboundRequest): ZohoNotification {
  let json: unknown;
  try {
    json = readJson(req.body);
  } catch {
    throw new CrmInboundError('Zoho notification: the body is not JSON');
  }
  const parsed = notificationSchema.safeParse(json);
  if (!parsed.success) throw new CrmInboundError(`Zoho notification: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/**
 * One change per record. Zoho sends only ids, so the records are read back: the stage comes from
 * Zoho now, not from the callback, and its `Modified_Time` orders the change (a late or repeated
 * callback reads the same state and yields the same eventId). Deletions and other modules'
 * channels yield nothing.
 */
export async function notificationChanges(call: ZohoCall, module: string, req: InboundRequest): Promise<CrmChange[]> {
  const n = readNotification(req);
  if (n.operation === 'delete' || n.module !== module || n.ids.length === 0) return [];
  const deals = await fetchDeals(call, module, [...new Set(n.ids)]);
  deals.sort((a, b) => Date.parse(a.Modified_Time) - Date.parse(b.Modified_Time));
  return deals.map((d) => dealChange(module, d, `${n.channel_id}:${d.id}:${d.Modified_Time}`));
}
