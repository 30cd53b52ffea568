import { randomUUID } from 'node:crypto';
import type { Connector, CrmChange, InboundRequest } from '../connector.js';
import { CrmError, CrmInboundError, CrmRecordError, CrmRateLimitError } from '../errors.js';
import { httpJson, retryAfterMs } from '../shared/http.js';
import { stageMap, type StageMapConfig } from '../shared/stage-map.js';
import { signStandardWebhook, verifyStandardWebhook } from '../shared/standard-webhooks.js';
import type { GenericConfig } from './config.js';
import { GENERIC_DEFAULT_STAGES, genericBatchSchema, genericEventSchema } from './payload.js';

/**
 * Any CRM or tool that speaks Standard Webhooks: inbound deliveries are verified against every
 * configured secret; outbound calls are signed with the first one, carry a `webhook-id` that
 * stays the same across retries, and follow the spec's delivery rules (2xx ok, 410 gone, 429 wait).
 */
export function genericConnector(config: GenericConfig, opts: { stages?: Partial<StageMapConfig>; now?: () => number } = {}) {
  const now = opts.now ?? Date.now;
  const stages = stageMap(GENERIC_DEFAULT_STAGES, opts.stages);

  async function send(type: string, id: string, data: Record<string, unknown>): Promise<unknown> {
    if (!config.outboundUrl) throw new CrmRecordError('WEBHOOK_OUTBOUND_URL is not set: the generic connector is inbound only', 'NO_OUTBOUND');
    const body = JSON.stringify({ type, timestamp: new Date(now()).toISOString(), data });
    const ts = Math.floor(now() / 1000);
    const res = await httpJson(config.outboundUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signStandardWebhook(config.secrets[0]!, id, ts, body) },
      body: JSON.parse(body),
    });
    if (res.status === 429) throw new CrmRateLimitError('generic outbound: 429', retryAfterMs(res.headers['retry-after']) ?? 10_000);
    if (res.status === 502 || res.status === 504 || res.status >= 500) throw new CrmError(`generic outbound: ${res.status}`, true);
    if (res.status === 410) throw new CrmRecordError('generic outbound endpoint answered 410 Gone', 'GONE');
    if (res.status >= 300) throw new CrmRecordError(`generic outbound: ${res.status} ${res.text.slice(0, 200)}`, `HTTP_${res.status}`);
    return res.json;
  }

  const connector: Connector = {
    name: 'generic',
    defaultModule: 'records',
    verify(req: InboundRequest) {
      const h = (name: string) => req.headers.get(name) ?? undefined;
      const check = verifyStandardWebhook(config.secrets, { id: h('webhook-id'), timestamp: h('webhook-timestamp'), signature: h('webhook-signature') }, req.body, Math.floor(now() / 1000));
      return check.ok ? { ok: true } : { ok: false, problem: check.problem };
    },
    async parse(req: InboundRequest): Promise<CrmChange[]> {
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(req.body));
      } catch {
        throw new CrmInboundError('the body is not valid JSON');
      }
      // One event, or `{ events: [...] }`: each is checked against its own shape for clear messages.
      const batch = typeof json === 'object' && json !== null && 'events' in json;
      const parsed = (batch ? genericBatchSchema : genericEventSchema).safeParse(json);
      if (!parsed.success) throw new CrmInboundError(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
      const events = 'events' in parsed.data ? parsed.data.events : [parsed.data];
      const webhookId = req.headers.get('webhook-id') ?? randomUUID();
      return events.map((e, i) => ({
        record: { connector: 'generic', id: e.recordId, module: 'records' },
        eventId: e.id ?? `${webhookId}:${i}`,
        crmStage: e.stage,
        occurredAt: e.occurredAt,
        lead: { email: e.email, name: e.name, owner: e.owner },
      }));
    },
    async pushStage(record, crmStage, options) {
      await send('stage.changed', options?.idempotencyKey ?? `stage:${record.id}:${crmStage}`, { recordId: record.id, stage: crmStage });
      return {};
    },
    async createTask(record, task) {
      await send('task.created', `task:${task.key}`, { recordId: record.id, key: task.key, title: task.title, notes: task.notes, dueAt: task.dueAt, owner: task.owner });
      return { id: task.key };
    },
    async createNote(record, note) {
      await send('note.created', `note:${note.key}`, { recordId: record.id, key: note.key, title: note.title, content: note.content });
      return { id: note.key };
    },
    async check() {
      return { inbound: `${config.secrets.length} secret(s)`, outbound: config.outboundUrl ?? 'off' };
    },
  };
  return Object.assign(connector, { stages });
}
