import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hubspotWebhookSender } from './hubspot-webhooks.js';

/**
 * A HubSpot API on loopback that behaves as the real one does for what leadflow uses: bearer auth,
 * v3 deals, tasks and notes with associations, deal pipelines, the 10-second rolling rate limit
 * with HubSpot's 429 body and `X-HubSpot-RateLimit-*` headers, and webhooks signed the v3 way.
 * Shapes follow HubSpot's docs and SDKs; error messages are modelled on observed ones.
 */
export interface FakeStage { id: string; label: string; displayOrder: number; metadata: Record<string, string>; archived: boolean; writePermissions: string; createdAt: string; updatedAt: string }
export interface FakePipeline { id: string; label: string; displayOrder: number; archived: boolean; stages: FakeStage[]; createdAt: string; updatedAt: string }
export interface FakeObject { id: string; properties: Record<string, string | null>; createdAt: string; updatedAt: string; archived: boolean }
export interface FakeAssociation { to: { id: string }; types: { associationCategory: string; associationTypeId: number }[] }
export interface FakeEngagement extends FakeObject { associations: FakeAssociation[] }

/** One event of a webhook batch, as HubSpot sends it. */
export interface HubspotWebhookEvent {
  eventId: number; subscriptionId: number; portalId: number; appId: number; occurredAt: number; subscriptionType: string;
  attemptNumber: number; objectId: number; propertyName?: string; propertyValue?: string; changeSource?: string; sourceId?: string; changeFlag?: string;
}

export interface HubspotFakeOptions {
  token?: string;
  clientSecret?: string;
  /** HubSpot's rolling window; default 100 calls per 10 s (public apps). */
  rateLimit?: { max: number; windowMs: number; retryAfterS?: number };
  /** Calls left today; at 0 every call gets the DAILY 429. */
  dailyRemaining?: number;
  now?: () => number;
  /** Where HubSpot posts its webhooks (set later with `webhooks.setUrl`); none are sent until then. */
  webhookUrl?: string;
}

/** One entry of `propertiesWithHistory.dealstage`, as the v3 API returns it. */
export interface StageVersion { value: string; timestamp: string; sourceType: 'CRM_UI' | 'INTEGRATION'; sourceId: string }

export interface HubspotFakeState {
  deals: Map<string, FakeObject>;
  tasks: Map<string, FakeEngagement>;
  notes: Map<string, FakeEngagement>;
  pipelines: FakePipeline[];
  /** Calls per endpoint, e.g. `PATCH /crm/v3/objects/deals/{dealId}`, rejected ones included. */
  calls: Map<string, number>;
  requests: { method: string; endpoint: string; status: number; body: unknown }[];
  /** Each deal's dealstage values, oldest first (the API answers newest first). */
  stageHistory: Map<string, StageVersion[]>;
  /** Stage writes through the API that HubSpot applied: `from` is the value they replaced. */
  stageWrites: { id: string; from: string | null; to: string; at: string }[];
}

export interface SignedWebhook { method: string; url: string; headers: Headers; body: Uint8Array; rawBody: string }

const PORTAL_ID = 62515;
const APP_ID = 54321;
const SUBSCRIPTIONS: Record<string, number> = { 'deal.creation': 1000, 'deal.propertyChange': 1001 };
const ASSOCIATION_TO_DEAL: Record<string, number> = { tasks: 216, notes: 214 };
const TASK_STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED'];
const DECODED: Record<string, string> = { '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$', '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';' };

function defaultPipeline(at: string): FakePipeline {
  const stages: [string, string, string][] = [
    ['appointmentscheduled', 'Appointment Scheduled', '0.2'], ['qualifiedtobuy', 'Qualified To Buy', '0.4'],
    ['presentationscheduled', 'Presentation Scheduled', '0.6'], ['decisionmakerboughtin', 'Decision Maker Bought-In', '0.8'],
    ['contractsent', 'Contract Sent', '0.9'], ['closedwon', 'Closed Won', '1.0'], ['closedlost', 'Closed Lost', '0.0'],
  ];
  return {
    id: 'default', label: 'Sales Pipeline', displayOrder: 0, archived: false, createdAt: at, updatedAt: at,
    stages: stages.map(([id, label, probability], i) => ({
      id, label, displayOrder: i, archived: false, writePermissions: 'CRUD_ALL', createdAt: at, updatedAt: at,
      metadata: { isClosed: String(id.startsWith('closed')), probability },
    })),
  };
}

const error = (message: string, category: string, extra: Record<string, unknown> = {}) => ({ status: 'error', message, correlationId: randomUUID(), category, ...extra });

// HubSpot's 429 body has no `category`; it names the policy instead.
const rateLimited = (limit: string, policyName: string) => ({ status: 'error', message: `You have reached your ${limit} limit.`, errorType: 'RATE_LIMIT', correlationId: randomUUID(), policyName, groupName: 'publicapi:private-app' });

function invalidProperty(name: string, value: string, allowed: string[]) {
  const detail = { isValid: false, message: `${value} was not one of the allowed options: [${allowed.map((a) => `value: "${a}"`).join(', ')}]`, error: 'INVALID_OPTION', name };
  return error(`Property values were not valid: ${JSON.stringify([detail])}`, 'VALIDATION_ERROR', { errors: [{ message: detail.message, code: 'INVALID_OPTION', context: { propertyName: [name] } }] });
}

/** Starts the fake on 127.0.0.1 on a free port. */
export async function startHubspotFake(opts: HubspotFakeOptions = {}) {
  const now = opts.now ?? Date.now;
  const token = opts.token ?? 'pat-na1-fake-token';
  const clientSecret = opts.clientSecret ?? 'fake-client-secret';
  const limit = opts.rateLimit ?? { max: 100, windowMs: 10_000 };
  let dailyRemaining = opts.dailyRemaining ?? 500_000;
  const iso = () => new Date(now()).toISOString();
  const state: HubspotFakeState = { deals: new Map(), tasks: new Map(), notes: new Map(), pipelines: [defaultPipeline(iso())], calls: new Map(), requests: [], stageHistory: new Map(), stageWrites: [] };
  const webhooks = hubspotWebhookSender({ url: opts.webhookUrl, sign: (events, o) => signedWebhook(events, o) });
  const window: number[] = [];
  const failures: { status: number; body: unknown }[] = [];
  let nextId = 10_001;
  let nextEventId = 100;

  function addDeal(properties: Record<string, string> = {}): FakeObject {
    const id = String(nextId++);
    const at = iso();
    const deal = { id, createdAt: at, updatedAt: at, archived: false, properties: { dealname: `Deal ${id}`, dealstage: 'appointmentscheduled', pipeline: 'default', ...properties, hs_object_id: id, createdate: at, hs_lastmodifieddate: at } };
    state.deals.set(id, deal);
    state.stageHistory.set(id, [{ value: deal.properties.dealstage!, timestamp: at, sourceType: 'CRM_UI', sourceId: 'userId:716925' }]);
    return deal;
  }

  /** A dealstage change: its version, and the webhook HubSpot sends for it (ours included: HubSpot has no echo switch). */
  function stageChanged(deal: FakeObject, from: string | null, source: StageVersion['sourceType']): HubspotWebhookEvent {
    const to = deal.properties.dealstage ?? '';
    state.stageHistory.get(deal.id)?.push({ value: to, timestamp: deal.updatedAt, sourceType: source, sourceId: source === 'CRM_UI' ? 'userId:716925' : `${APP_ID}` });
    const event = dealEvent({ objectId: Number(deal.id), propertyValue: to, occurredAt: Date.parse(deal.updatedAt), changeSource: source });
    if (from !== to) webhooks.send(event);
    return event;
  }

  /** The deal as GET returns it: with `propertiesWithHistory` when asked (newest first). */
  function dealAnswer(deal: FakeObject, query: URLSearchParams): Record<string, unknown> {
    const withHistory = query.get('propertiesWithHistory')?.split(',') ?? [];
    if (!withHistory.includes('dealstage')) return { ...deal };
    return { ...deal, propertiesWithHistory: { dealstage: [...(state.stageHistory.get(deal.id) ?? [])].reverse() } };
  }

  /** `POST /crm/v3/objects/deals/batch/read`: found deals under `results`; missing ids make it a 207 with `errors`. */
  function batchRead(body: unknown): [number, unknown] {
    const { inputs, propertiesWithHistory } = (body ?? {}) as { inputs?: { id?: unknown }[]; propertiesWithHistory?: string[] };
    if (!Array.isArray(inputs) || inputs.length > 100) return [400, error('inputs: between 1 and 100 ids are required', 'VALIDATION_ERROR')];
    const query = new URLSearchParams(propertiesWithHistory?.length ? { propertiesWithHistory: propertiesWithHistory.join(',') } : {});
    const ids = inputs.map((i) => String(i?.id));
    const found = ids.map((id) => state.deals.get(id)).filter((d): d is FakeObject => !!d);
    const missing = ids.filter((id) => !state.deals.has(id));
    const at = iso();
    const answer: Record<string, unknown> = { status: 'COMPLETE', results: found.map((d) => dealAnswer(d, query)), startedAt: at, completedAt: at };
    if (!missing.length) return [200, answer];
    return [207, { ...answer, numErrors: 1, errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some DEAL objects, they may be deleted or not exist.', context: { ids: missing } }] }];
  }

  function stageIds(pipelineId: string): string[] | undefined {
    return state.pipelines.find((p) => p.id === pipelineId)?.stages.map((s) => s.id);
  }

  function patchDeal(id: string, body: unknown): [number, unknown] {
    const deal = state.deals.get(id);
    if (!deal) return [404, error('resource not found', 'OBJECT_NOT_FOUND')];
    const props = (body as { properties?: unknown } | null)?.properties;
    if (!props || typeof props !== 'object') return [400, error('Invalid input JSON: properties is required', 'VALIDATION_ERROR')];
    const p = props as Record<string, string>;
    const pipeline = p.pipeline ?? deal.properties.pipeline ?? 'default';
    const allowed = stageIds(pipeline);
    if (!allowed) return [400, invalidProperty('pipeline', pipeline, state.pipelines.map((x) => x.id))];
    const stage = p.dealstage ?? deal.properties.dealstage ?? '';
    if (!allowed.includes(stage)) return [400, invalidProperty('dealstage', stage, allowed)];
    const from = deal.properties.dealstage ?? null;
    deal.updatedAt = iso();
    Object.assign(deal.properties, Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v === null ? null : String(v)])), { hs_lastmodifieddate: deal.updatedAt });
    if (p.dealstage !== undefined) {
      state.stageWrites.push({ id, from, to: stage, at: deal.updatedAt });
      stageChanged(deal, from, 'INTEGRATION');
    }
    return [200, deal];
  }

  function createEngagement(kind: 'tasks' | 'notes', body: unknown): [number, unknown] {
    const { properties, associations = [] } = (body ?? {}) as { properties?: Record<string, unknown>; associations?: FakeAssociation[] };
    if (!properties || typeof properties !== 'object') return [400, error('Invalid input JSON: properties is required', 'VALIDATION_ERROR')];
    const ts = String(properties.hs_timestamp ?? '');
    if (!/^\d+$/.test(ts) && Number.isNaN(Date.parse(ts))) return [400, error(`Property values were not valid: hs_timestamp "${ts}" is required and must be a datetime`, 'VALIDATION_ERROR')];
    if (kind === 'tasks' && !TASK_STATUSES.includes(String(properties.hs_task_status ?? 'NOT_STARTED'))) return [400, invalidProperty('hs_task_status', String(properties.hs_task_status), TASK_STATUSES)];
    for (const a of associations) {
      if (!state.deals.has(String(a?.to?.id))) return [400, error(`One or more associations are invalid: no deal ${a?.to?.id}`, 'VALIDATION_ERROR')];
      const bad = a.types?.find((t) => t.associationCategory !== 'HUBSPOT_DEFINED' || t.associationTypeId !== ASSOCIATION_TO_DEAL[kind]);
      if (!a.types?.length || bad) return [400, error(`${bad?.associationTypeId ?? 'no type'} is not a valid association type from ${kind} to deals`, 'VALIDATION_ERROR')];
    }
    const id = String(nextId++);
    const at = iso();
    const obj: FakeEngagement = { id, createdAt: at, updatedAt: at, archived: false, associations, properties: { ...Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, String(v)])), hs_object_id: id, hs_createdate: at } };
    state[kind].set(id, obj);
    const { associations: _stored, ...answer } = obj;
    return [201, answer];
  }

  /** The endpoint a call is counted under: ids become `{dealId}`. */
  function endpointOf(method: string, path: string): string {
    if (path === '/crm/v3/objects/deals/batch/read') return `${method} ${path}`;
    return `${method} ${path.replace(/^\/crm\/v3\/objects\/deals\/[^/]+$/, '/crm/v3/objects/deals/{dealId}')}`;
  }

  function route(endpoint: string, path: string, body: unknown, query: URLSearchParams): [number, unknown] {
    const id = decodeURIComponent(path.split('/').pop() ?? '');
    switch (endpoint) {
      case 'GET /crm/v3/objects/deals/{dealId}': {
        const d = state.deals.get(id);
        return d ? [200, dealAnswer(d, query)] : [404, error('resource not found', 'OBJECT_NOT_FOUND')];
      }
      case 'POST /crm/v3/objects/deals/batch/read': return batchRead(body);
      case 'PATCH /crm/v3/objects/deals/{dealId}': return patchDeal(id, body);
      case 'POST /crm/v3/objects/tasks': return createEngagement('tasks', body);
      case 'POST /crm/v3/objects/notes': return createEngagement('notes', body);
      case 'GET /crm/v3/pipelines/deals': return [200, { results: state.pipelines }];
      default: return [404, error(`Unable to route request ${endpoint}`, 'OBJECT_NOT_FOUND')];
    }
  }

  function limitHeaders(remaining: number): Record<string, string> {
    return {
      'x-hubspot-ratelimit-interval-milliseconds': String(limit.windowMs), 'x-hubspot-ratelimit-max': String(limit.max),
      'x-hubspot-ratelimit-remaining': String(Math.max(0, remaining)), 'x-hubspot-ratelimit-daily': '500000', 'x-hubspot-ratelimit-daily-remaining': String(Math.max(0, dailyRemaining)),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const endpoint = endpointOf(method, path);
    const headers: Record<string, string> = { 'content-type': 'application/json;charset=utf-8' };
    let body: unknown;
    let parsed = true;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = false;
    }
    const t = now();
    while (window.length && window[0]! <= t - limit.windowMs) window.shift();
    const failure = failures.shift();
    let status: number;
    let answer: unknown;
    if (failure) [status, answer] = [failure.status, failure.body];
    else if (req.headers.authorization !== `Bearer ${token}`) {
      [status, answer] = [401, error('Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview', 'INVALID_AUTHENTICATION')];
    } else if (dailyRemaining <= 0) {
      [status, answer] = [429, rateLimited('daily', 'DAILY')];
      Object.assign(headers, limitHeaders(limit.max - window.length));
    } else if (window.length >= limit.max) {
      [status, answer] = [429, rateLimited('ten_secondly_rolling', 'TEN_SECONDLY_ROLLING')];
      Object.assign(headers, limitHeaders(0), limit.retryAfterS !== undefined ? { 'retry-after': String(limit.retryAfterS) } : {});
    } else {
      window.push(t);
      dailyRemaining -= 1;
      Object.assign(headers, limitHeaders(limit.max - window.length));
      [status, answer] = parsed ? route(endpoint, path, body, url.searchParams) : [400, error('Invalid input JSON on line 1', 'VALIDATION_ERROR')];
    }
    state.calls.set(endpoint, (state.calls.get(endpoint) ?? 0) + 1);
    state.requests.push({ method, endpoint, status, body });
    res.writeHead(status, headers).end(answer === undefined ? '' : JSON.stringify(answer));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  /** A webhook event with HubSpot's fields; `overrides` win. */
  function dealEvent(overrides: Partial<HubspotWebhookEvent> & { objectId: number }): HubspotWebhookEvent {
    const type = overrides.subscriptionType ?? 'deal.propertyChange';
    return {
      eventId: nextEventId++, subscriptionId: SUBSCRIPTIONS[type] ?? 1999, portalId: PORTAL_ID, appId: APP_ID, occurredAt: now(),
      subscriptionType: type, attemptNumber: 0,
      ...(type === 'deal.propertyChange' ? { propertyName: 'dealstage', propertyValue: 'qualifiedtobuy' } : { changeFlag: 'CREATED' }),
      changeSource: 'CRM_UI', ...overrides,
    };
  }

  /** A delivery signed as HubSpot signs it (v3). */
  function signedWebhook(events: HubspotWebhookEvent[] | string, o: { url: string; method?: string; timestamp?: number; secret?: string }): SignedWebhook {
    const method = o.method ?? 'POST';
    const rawBody = typeof events === 'string' ? events : JSON.stringify(events);
    const ts = String(o.timestamp ?? now());
    const uri = o.url.replace(/%[0-9a-fA-F]{2}/g, (e) => DECODED[e.toUpperCase()] ?? e);
    const signature = createHmac('sha256', o.secret ?? clientSecret).update(`${method}${uri}${rawBody}${ts}`, 'utf8').digest('base64');
    const headers = new Headers({ 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': ts });
    return { method, url: o.url, headers, body: new TextEncoder().encode(rawBody), rawBody };
  }

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    token,
    clientSecret,
    state,
    addDeal,
    dealEvent,
    /** A person moves the deal on the board: the deal changes and the webhook event is returned. */
    moveDealInUi(id: string, stageId: string): HubspotWebhookEvent {
      const d = state.deals.get(id);
      if (!d || !stageIds(d.properties.pipeline ?? 'default')?.includes(stageId)) throw new Error(`fake: no deal ${id} or no stage ${stageId} in its pipeline`);
      const from = d.properties.dealstage ?? null;
      d.updatedAt = iso();
      Object.assign(d.properties, { dealstage: stageId, hs_lastmodifieddate: d.updatedAt });
      return stageChanged(d, from, 'CRM_UI');
    },
    /** Webhook deliveries: where they go, and what came of each. */
    webhooks,
    /** The next `n` calls answer `status` (a 5xx by default) before auth and limits are looked at. */
    failNext(n: number, o: { status?: number; body?: unknown } = {}): void {
      const status = o.status ?? 502;
      for (let i = 0; i < n; i++) failures.push({ status, body: o.body ?? error(`fake ${status}`, 'INTERNAL_ERROR') });
    },
    count: (endpoint: string) => state.calls.get(endpoint) ?? 0,
    /**
     * A delivery signed as HubSpot signs it (v3): base64 HMAC-SHA256 with the client secret over
     * method + URI (with HubSpot's escapes decoded) + body + timestamp (epoch ms).
     */
    signedWebhook,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type HubspotFake = Awaited<ReturnType<typeof startHubspotFake>>;
