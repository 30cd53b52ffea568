import { createPublicKey, createVerify } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { Hono } from 'hono';
import { z } from 'zod';
import type { LeadEvent } from '../domain/events.js';
import { ownValue } from '../domain/own-key.js';
import { identifierSchema, textProblem } from '../domain/safe-text.js';
import { boundedInstantSchema, clampFuture } from '../domain/time-bounds.js';
import type { MailStore, SuppressionReason } from '../store/mail-store.js';
import { problem, validationProblem } from './problems.js';
import { signalLead } from './signal-lead.js';
import { handOff } from './temporal-errors.js';
import { verifyStandardWebhook } from '../../connectors/shared/standard-webhooks.js';

export interface EspOptions {
  client: Client;
  store: MailStore;
  /** Standard Webhooks secret(s) for the generic shape. */
  espSecrets: string[];
  /** SendGrid's Event Webhook verification key (base64 DER). */
  sendgridPublicKey?: string;
}

/** One delivery event, whatever the provider: what happened to which message. */
export interface MailEvent {
  id: string;
  kind: 'delivered' | 'bounced' | 'soft-bounce' | 'complained' | 'opened' | 'clicked' | 'replied' | 'unsubscribed';
  messageId?: string;
  email?: string;
  occurredAt?: string;
  url?: string;
}

const genericSchema = z.object({
  events: z
    .array(
      z.object({
        id: identifierSchema(200),
        type: z.enum(['delivered', 'bounced', 'complained', 'opened', 'clicked', 'replied', 'unsubscribed']),
        messageId: identifierSchema(500),
        email: z.email().optional(),
        bounce: z.enum(['hard', 'soft']).default('hard'),
        occurredAt: boundedInstantSchema.optional(),
        url: z.url().optional(),
      }),
    )
    .min(1)
    .max(1000),
});

const sendgridSchema = z
  .array(
    z.looseObject({
      sg_event_id: identifierSchema(200),
      event: z.string(),
      email: z.string().optional(),
      /** Unix seconds; a value outside what a Date can hold is refused rather than thrown on. */
      timestamp: z.number().min(0).max(8_640_000_000_000).optional(),
      'smtp-id': identifierSchema(500).optional(),
      type: z.string().optional(),
      url: z.string().optional(),
    }),
  )
  .max(5000);

const SENDGRID_KINDS: Record<string, MailEvent['kind']> = {
  delivered: 'delivered',
  bounce: 'bounced',
  dropped: 'delivered',
  spamreport: 'complained',
  open: 'opened',
  click: 'clicked',
  unsubscribe: 'unsubscribed',
  group_unsubscribe: 'unsubscribed',
};

const SUPPRESS: Partial<Record<MailEvent['kind'], SuppressionReason>> = { bounced: 'bounced', complained: 'complained', unsubscribed: 'unsubscribed' };
const LEAD_EVENT: Partial<Record<MailEvent['kind'], string>> = {
  // Reaches the journey only to be logged: the sequence step stats count deliveries.
  delivered: 'email.delivered',
  bounced: 'email.bounced',
  complained: 'email.complained',
  opened: 'email.opened',
  clicked: 'email.clicked',
  replied: 'email.replied',
  unsubscribed: 'unsubscribed',
};

function parseJson(raw: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw problem(400, { error: 'malformed_json', message: 'the body is not valid JSON' });
  }
}

/** Applies provider events: suppressions first (durable, address-wide), then the lead's journey. */
export async function applyMailEvents(client: Client, store: MailStore, provider: string, events: MailEvent[]): Promise<{ applied: number; unmatched: number }> {
  let applied = 0;
  let unmatched = 0;
  for (const e of events) {
    const send = e.messageId ? await store.sendByMessageId(e.messageId) : undefined;
    const address = send?.address ?? e.email;
    const reason = SUPPRESS[e.kind];
    if (reason && address) await store.suppress(address, reason, provider, send?.leadId);
    const type = LEAD_EVENT[e.kind];
    if (!send) {
      unmatched += 1;
      continue;
    }
    if (type) {
      const event: LeadEvent = { id: `${provider}:${e.id}`, type, source: provider, occurredAt: e.occurredAt, data: { send: send.key, ...(e.url ? { url: e.url } : {}) } };
      await handOff({ client, leadId: send.leadId }, () => signalLead(client, send.leadId, event));
    }
    applied += 1;
  }
  return { applied, unmatched };
}

/** ESP delivery events (`/webhooks/mail/generic`, `/webhooks/mail/sendgrid`) and recorded replies. */
export function espRoutes({ client, store, espSecrets, sendgridPublicKey }: EspOptions) {
  const app = new Hono();

  app.post('/webhooks/mail/generic', async (c) => {
    if (!espSecrets.length) throw problem(404, { error: 'not_found', message: 'the generic mail webhook is off: set ESP_WEBHOOK_SECRET' });
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const check = verifyStandardWebhook(espSecrets, { id: c.req.header('webhook-id'), timestamp: c.req.header('webhook-timestamp'), signature: c.req.header('webhook-signature') }, raw);
    if (!check.ok) throw problem(401, { error: 'bad_signature', message: check.problem });
    const parsed = genericSchema.safeParse(parseJson(raw));
    if (!parsed.success) throw problem(400, validationProblem(parsed.error, 'body'));
    const events = parsed.data.events.map((e): MailEvent => ({ ...e, kind: e.type === 'bounced' && e.bounce === 'soft' ? 'soft-bounce' : e.type }));
    return c.json(await applyMailEvents(client, store, 'esp', events), 202);
  });

  app.post('/webhooks/mail/sendgrid', async (c) => {
    if (!sendgridPublicKey) throw problem(404, { error: 'not_found', message: 'the SendGrid webhook is off: set SENDGRID_WEBHOOK_PUBLIC_KEY' });
    const raw = Buffer.from(await c.req.arrayBuffer());
    const signature = c.req.header('x-twilio-email-event-webhook-signature');
    const timestamp = c.req.header('x-twilio-email-event-webhook-timestamp');
    if (!signature || !timestamp) throw problem(401, { error: 'bad_signature', message: 'X-Twilio-Email-Event-Webhook-Signature and -Timestamp are required' });
    const key = createPublicKey({ key: Buffer.from(sendgridPublicKey, 'base64'), format: 'der', type: 'spki' });
    const valid = createVerify('sha256').update(timestamp).update(raw).verify(key, signature, 'base64');
    if (!valid) throw problem(401, { error: 'bad_signature', message: 'the SendGrid signature does not match' });
    const parsed = sendgridSchema.safeParse(parseJson(raw));
    if (!parsed.success) throw problem(400, validationProblem(parsed.error, 'body'));
    const events = parsed.data.flatMap((e): MailEvent[] => {
      const kind = e.event === 'bounce' && e.type === 'blocked' ? 'soft-bounce' : ownValue(SENDGRID_KINDS, e.event);
      if (!kind) return [];
      const messageId = e['smtp-id'];
      // An address no store can hold (a NUL in it) is dropped, not the batch: SendGrid would redeliver it for a day.
      const email = e.email && !textProblem(e.email) ? e.email : undefined;
      return [{ id: e.sg_event_id, kind, messageId, email, url: e.url, occurredAt: e.timestamp ? clampFuture(new Date(e.timestamp * 1000).toISOString()) : undefined }];
    });
    return c.json(await applyMailEvents(client, store, 'sendgrid', events), 202);
  });

  const replySchema = z.object({
    messageId: identifierSchema(500).pipe(z.string().min(3, 'is the Message-ID (or In-Reply-To) of the mail that was answered')),
    id: identifierSchema(200).optional(),
    occurredAt: boundedInstantSchema.optional(),
  });
  app.post('/api/replies', async (c) => {
    const parsed = replySchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) throw problem(400, validationProblem(parsed.error, 'body'));
    const { messageId, id, occurredAt } = parsed.data;
    const result = await applyMailEvents(client, store, 'reply', [{ id: id ?? `reply:${messageId}`, kind: 'replied', messageId, occurredAt }]);
    if (result.unmatched) throw problem(404, { error: 'message_not_found', message: `no e-mail with Message-ID ${messageId} was sent by leadflow` });
    return c.json({ status: 'accepted', messageId }, 202);
  });

  return app;
}
