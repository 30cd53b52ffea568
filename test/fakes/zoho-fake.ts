import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookDeliveries } from './webhook-delivery.js';

/**
 * A Zoho CRM on loopback that behaves as the v7/v8 docs say (see /work/shared/reference/crm-apis.md
 * §1): an accounts server (refresh grant, 10-per-10-minutes throttle) and one data centre's API
 * (Deals, Tasks, Notes, actions/watch, settings metadata). Each fake is one data centre: it honours
 * only the tokens it issued, so two fakes show what a token used at the wrong api_domain gets.
 * Where the docs are silent, the fake picks the plausible answer and says so in a comment.
 */

export interface FakeUser { name: string; id: string; email?: string }

export interface FakeDeal {
  id: string;
  Deal_Name: string;
  Stage: string;
  Pipeline: string;
  /** ISO 8601 with the org's offset, whole seconds, like Zoho. */
  Modified_Time: string;
  Created_Time: string;
  Modified_By: FakeUser;
  Owner: FakeUser;
  Contact_Name?: { name: string; id: string } | null;
}

export interface FakeChannel {
  channel_id: string;
  events: string[];
  token?: string;
  notify_url: string;
  channel_expiry: string;
  return_affected_field_values: boolean;
  notify_on_related_action: boolean;
  notification_condition?: unknown;
}

/** What the next API calls answer instead of doing their work. */
export type ZohoFault = { status: 429; retryAfter?: number } | { status: 500 | 502 | 503 };

export interface ZohoFakeOptions {
  /** Label of this data centre, written into the tokens it issues (`1000.eu.…`). */
  dc?: string;
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  /** The channel token the connector under test is configured with (for `env()`). */
  webhookToken?: string;
  /** The org's UTC offset in every date-time the fake writes. */
  offset?: string;
  now?: () => number;
  /**
   * Post a notification to every channel's notify URL after each change to a deal, leadflow's own
   * writes included (whether `trigger: []` silences them is unconfirmed; this fake assumes not).
   * Zoho documents no redelivery; this fake tries three times.
   */
  notify?: boolean;
}

export interface ZohoFakeState {
  deals: Map<string, FakeDeal>;
  tasks: Record<string, unknown>[];
  notes: Record<string, unknown>[];
  channels: Map<string, FakeChannel>;
  /** Calls per route, e.g. `POST /oauth/v2/token`, `PUT /crm/v8/Deals`, `GET /crm/v8/Deals/{id}`. */
  calls: Record<string, number>;
  /** Every write (PUT/POST on records) as received, `trigger` and headers included. */
  writes: { method: string; path: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }[];
  /** Every GET on the API: path, query and headers, as received. */
  reads: { path: string; query: URLSearchParams; headers: IncomingHttpHeaders }[];
  /** The `trigger` value of every record write, in order (`undefined` when the body had none). */
  triggers: unknown[];
  /** Access tokens this data centre issued, and when each expires (ms). */
  tokens: Map<string, number>;
  /** Every token request: its query string and its body, as sent. */
  tokenRequests: { query: string; body: string }[];
  /** When each granted refresh happened: the throttle counts the last 10 minutes. */
  refreshTimes: number[];
  /** The `api_domain` token responses name: point it at another fake for the wrong-DC case. */
  announcedApiDomain: string;
  /** Stage values the Deals pipeline accepts (actual values). */
  stageValues: string[];
  /** Deals whose writes fail with RECORD_LOCKED. */
  locked: Set<string>;
  faults: ZohoFault[];
  /** Stage writes through the API that Zoho applied: `from` is the value they replaced. */
  stageWrites: { id: string; from: string; to: string; at: string }[];
}

export const DEALS_MODULE_ID = '3652397000000002175';
export const STAGE_FIELD_ID = '3652397000000002511';
export const LAYOUT_ID = '3652397000000091055';
const UI_USER: FakeUser = { name: 'Patricia Boyle', id: '3652397000000186017', email: 'p.boyle@example.com' };
const API_USER: FakeUser = { name: 'leadflow integration', id: '3652397000000186099', email: 'crm-bot@example.com' };
const STANDARD_STAGES = [
  'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Perception Analysis',
  'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost', 'Closed Lost to Competition',
];
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

type Json = Record<string, unknown>;
interface Answer { status: number; body?: unknown; headers?: Record<string, string> }
const err = (status: number, code: string, message: string, details: unknown = {}): Answer => ({ status, body: { code, details, message, status: 'error' } });
const recordErr = (code: string, message: string, details: unknown = {}) => ({ code, details, message, status: 'error' });

function zohoTime(ms: number, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':').map(Number);
  return new Date(Math.floor(ms / 1000) * 1000 + sign * (h! * 60 + m!) * 60_000).toISOString().slice(0, 19) + offset;
}

export type ZohoFake = Awaited<ReturnType<typeof startZohoFake>>;

/** Starts the fake on 127.0.0.1 at a free port. */
export async function startZohoFake(opts: ZohoFakeOptions = {}) {
  const dc = opts.dc ?? 'us';
  const offset = opts.offset ?? '+05:30';
  const now = opts.now ?? Date.now;
  const creds = { clientId: opts.clientId ?? '1000.FAKECLIENT', clientSecret: opts.clientSecret ?? 'fake-client-secret', refreshToken: opts.refreshToken ?? `1000.${dc}.refresh-token` };
  const webhookToken = opts.webhookToken ?? 'zoho-channel-token-0123456789abcdef';
  const time = (ms = now()) => zohoTime(ms, offset);
  let nextId = 100_000;
  const newId = () => `3652397000${String(nextId++).padStart(9, '0')}`;

  const state: ZohoFakeState = {
    deals: new Map(), tasks: [], notes: [], channels: new Map(), calls: {}, writes: [], reads: [], triggers: [],
    tokens: new Map(), tokenRequests: [], refreshTimes: [], announcedApiDomain: '', stageValues: [...STANDARD_STAGES], locked: new Set(), faults: [], stageWrites: [],
  };

  // ---- accounts server ------------------------------------------------------------------------

  function token(params: URLSearchParams): Answer {
    // Zoho's accounts server answers refusals with HTTP 200 and an `error` key.
    if (params.get('grant_type') !== 'refresh_token') return { status: 200, body: { error: 'unsupported_grant_type' } };
    if (params.get('client_id') !== creds.clientId) return { status: 200, body: { error: 'invalid_client' } };
    if (params.get('client_secret') !== creds.clientSecret) return { status: 200, body: { error: 'invalid_client_secret' } };
    if (params.get('refresh_token') !== creds.refreshToken) return { status: 200, body: { error: 'invalid_code' } };
    const t = now();
    state.refreshTimes = state.refreshTimes.filter((r) => r > t - 10 * 60_000);
    if (state.refreshTimes.length >= 10) {
      return { status: 400, body: { error_description: 'You have made too many requests continuously. Please try again after some time.', error: 'Access Denied', status: 'failure' } };
    }
    state.refreshTimes.push(t);
    const accessToken = `1000.${dc}.${randomBytes(16).toString('hex')}`;
    state.tokens.set(accessToken, t + HOUR);
    return { status: 200, body: { access_token: accessToken, scope: 'ZohoCRM.modules.ALL ZohoCRM.settings.ALL ZohoCRM.notifications.ALL', api_domain: state.announcedApiDomain, token_type: 'Bearer', expires_in: 3600 } };
  }

  // ---- records --------------------------------------------------------------------------------

  function project(deal: FakeDeal, fields: string[] | undefined): Json {
    if (!fields) return { ...deal };
    return Object.fromEntries([['id', deal.id], ...fields.filter((f) => f in deal).map((f) => [f, deal[f as keyof FakeDeal]])]);
  }

  function listDeals(q: URLSearchParams, headers: IncomingHttpHeaders): Answer {
    const fields = q.get('fields')?.split(',').map((f) => f.trim()).filter(Boolean);
    if (!fields?.length) return err(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: 'fields' });
    let deals = [...state.deals.values()];
    const ids = q.get('ids')?.split(',');
    if (ids) deals = deals.filter((d) => ids.includes(d.id));
    const since = headers['if-modified-since'];
    if (since) {
      const sinceMs = Date.parse(since);
      if (Number.isNaN(sinceMs)) return err(400, 'INVALID_DATA', 'invalid data', { header: 'If-Modified-Since' });
      deals = deals.filter((d) => Date.parse(d.Modified_Time) > sinceMs);
      if (!deals.length) return { status: 304 };
    }
    const sortBy = q.get('sort_by') ?? 'id';
    const dir = q.get('sort_order') === 'asc' ? 1 : -1;
    const key = (d: FakeDeal) => (sortBy === 'id' ? Number(d.id) : Date.parse(sortBy === 'Created_Time' ? d.Created_Time : d.Modified_Time));
    // Ties keep insertion order: Zoho documents no tie order, so tests must not rely on one.
    deals.sort((a, b) => dir * (key(a) - key(b)));
    const page = Number(q.get('page') ?? 1);
    const perPage = Math.min(Number(q.get('per_page') ?? 200), 200);
    if (page * perPage > 2000) return err(400, 'DISCRETE_PAGINATION_LIMIT_EXCEEDED', 'You can only get the first 2000 records without using page_token param');
    const slice = deals.slice((page - 1) * perPage, page * perPage);
    if (!slice.length) return { status: 204 };
    return {
      status: 200,
      body: { data: slice.map((d) => project(d, fields)), info: { per_page: perPage, count: slice.length, page, sort_by: sortBy, sort_order: dir > 0 ? 'asc' : 'desc', more_records: deals.length > page * perPage } },
    };
  }

  function updateDeals(body: Json, headers: IncomingHttpHeaders, pathId?: string): Answer {
    const data = body.data;
    if (!Array.isArray(data) || data.length === 0) return err(400, 'INVALID_DATA', 'invalid data', { expected_data_type: 'jsonarray', api_name: 'data' });
    if (data.length > 100) return err(400, 'LIMIT_EXCEEDED', 'limit exceeded', { limit: 100 });
    const unmodifiedSince = headers['if-unmodified-since'];
    if (unmodifiedSince) {
      const limit = Date.parse(unmodifiedSince);
      const changed = data.some((r: Json) => { const d = state.deals.get(String(r.id ?? pathId)); return d && Date.parse(d.Modified_Time) > limit; });
      if (changed) return err(412, 'ALREADY_MODIFIED', 'record updated time has already passed if-unmodified-since time');
    }
    const results = data.map((r: Json) => {
      const id = r.id ?? pathId;
      if (id === undefined) return recordErr('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'id', json_path: '$.data[0].id' });
      const deal = state.deals.get(String(id));
      if (!deal) return recordErr('INVALID_DATA', 'the id given seems to be invalid', { api_name: 'id', json_path: '$.data[0].id' });
      if (state.locked.has(deal.id)) return recordErr('RECORD_LOCKED', 'You cannot perform this operation as the record is locked.', { id: deal.id });
      if (r.Stage !== undefined && !state.stageValues.includes(String(r.Stage))) {
        return recordErr('INVALID_DATA', 'invalid data', { expected_data_type: 'picklist', api_name: 'Stage', json_path: '$.data[0].Stage' });
      }
      const from = deal.Stage;
      if (typeof r.Stage === 'string') deal.Stage = r.Stage;
      if (typeof r.Deal_Name === 'string') deal.Deal_Name = r.Deal_Name;
      // Zoho's clock never runs back: a write lands no earlier than the deal's last change.
      deal.Modified_Time = time(Math.max(now(), Date.parse(deal.Modified_Time)));
      deal.Modified_By = API_USER;
      if (typeof r.Stage === 'string') state.stageWrites.push({ id: deal.id, from, to: deal.Stage, at: deal.Modified_Time });
      changed(deal.id);
      return { code: 'SUCCESS', details: { Modified_Time: deal.Modified_Time, Modified_By: API_USER, Created_Time: deal.Created_Time, id: deal.id, Created_By: UI_USER }, message: 'record updated', status: 'success' };
    });
    const failed = results.filter((r) => r.status === 'error').length;
    // All succeeded: 200. All failed: 400, per record (the update doc). Some of each: 207.
    return { status: failed === 0 ? 200 : failed === results.length ? 400 : 207, body: { data: results } };
  }

  function create(module: 'Tasks' | 'Notes', body: Json): Answer {
    const record = Array.isArray(body.data) ? (body.data[0] as Json | undefined) : undefined;
    if (!record) return err(400, 'INVALID_DATA', 'invalid data', { api_name: 'data' });
    const mandatory = module === 'Tasks' ? 'Subject' : 'Note_Content';
    if (!record[mandatory]) return { status: 400, body: { data: [recordErr('MANDATORY_NOT_FOUND', 'required field not found', { api_name: mandatory })] } };
    const parent = module === 'Tasks' ? (record.What_Id as Json | undefined)?.id : (record.Parent_Id as Json | undefined)?.id;
    const parentModule = module === 'Tasks' ? record.$se_module : ((record.Parent_Id as Json | undefined)?.module as Json | undefined)?.api_name;
    if (parentModule !== 'Deals' || !state.deals.has(String(parent))) {
      return { status: 400, body: { data: [recordErr('INVALID_DATA', 'the related id given seems to be invalid', { api_name: module === 'Tasks' ? 'What_Id' : 'Parent_Id' })] } };
    }
    if (module === 'Tasks' && record.Due_Date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(record.Due_Date))) {
      return { status: 400, body: { data: [recordErr('INVALID_DATA', 'invalid data', { api_name: 'Due_Date', expected_data_type: 'date' })] } };
    }
    const id = newId();
    (module === 'Tasks' ? state.tasks : state.notes).push({ ...record, id, parentId: String(parent) });
    const t = time();
    return { status: 201, body: { data: [{ code: 'SUCCESS', details: { Modified_Time: t, Modified_By: API_USER, Created_Time: t, id, Created_By: API_USER }, message: 'record added', status: 'success' }] } };
  }

  // ---- notifications --------------------------------------------------------------------------

  function watch(body: Json): Answer {
    const entry = Array.isArray(body.watch) ? (body.watch[0] as Json | undefined) : undefined;
    const refuse = (code: string, message: string, details: unknown) => ({ status: 400, body: { watch: [recordErr(code, message, details)] } });
    if (!entry) return err(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'watch' });
    for (const key of ['channel_id', 'events', 'notify_url']) if (entry[key] === undefined) return refuse('MANDATORY_NOT_FOUND', 'required field not found', { api_name: key });
    if (!/^\d+$/.test(String(entry.channel_id))) return refuse('INVALID_DATA', 'invalid data', { api_name: 'channel_id' });
    const events = entry.events as unknown[];
    if (!Array.isArray(events) || !events.length || !events.every((e) => /^Deals\.(create|edit|delete|all)$/.test(String(e)))) return refuse('INVALID_DATA', 'invalid data', { api_name: 'events' });
    if (typeof entry.token === 'string' && entry.token.length > 50) return refuse('INVALID_DATA', 'token length exceeds 50 characters', { api_name: 'token' });
    for (const c of (entry.notification_condition as Json[] | undefined) ?? []) {
      const m = c.module as Json | undefined;
      if (c.type !== 'field_selection') return refuse('INVALID_DATA', 'invalid data', { api_name: 'type' });
      if (!m?.api_name || !m.id) return refuse('EXPECTED_FIELD_MISSING', 'expected field missing', { api_name: 'module' });
      if (m.api_name !== 'Deals' || m.id !== DEALS_MODULE_ID) return refuse('AMBIGUITY_DURING_PROCESSING', 'module api_name and id do not match', { api_name: 'module' });
      const group = ((c.field_selection as Json | undefined)?.group as Json[] | undefined) ?? [];
      if (group.length > 10) return refuse('INVALID_DATA', 'more than 10 fields', { api_name: 'group' });
      const bad = group.find((g) => { const f = g.field as Json | undefined; return f && (f.api_name !== 'Stage' || f.id !== STAGE_FIELD_ID); });
      if (bad) return refuse('INVALID_DATA', 'invalid field', { api_name: 'field' });
    }
    // Documented (v4+): at most a week; omitted, past a week or unreadable, the channel gets ONE hour.
    const asked = typeof entry.channel_expiry === 'string' ? Date.parse(entry.channel_expiry) : NaN;
    const t = now();
    const expiry = Number.isNaN(asked) || asked > t + WEEK ? t + HOUR : asked;
    // Assumption (undocumented): POST on an existing channel id, and PUT on a new one, both store it.
    const channel: FakeChannel = {
      channel_id: String(entry.channel_id), events: events.map(String), token: entry.token as string | undefined, notify_url: String(entry.notify_url),
      channel_expiry: time(expiry), return_affected_field_values: entry.return_affected_field_values === true,
      notify_on_related_action: entry.notify_on_related_action !== false, notification_condition: entry.notification_condition,
    };
    state.channels.set(channel.channel_id, channel);
    const details = { events: [{ channel_expiry: channel.channel_expiry, resource_uri: `${base}/crm/v2/Deals`, resource_id: DEALS_MODULE_ID, resource_name: 'Deals', channel_id: channel.channel_id }] };
    return { status: 200, body: { watch: [{ code: 'SUCCESS', details, message: 'Successfully subscribed for actions-watch of the given module', status: 'success' }] } };
  }

  // ---- settings -------------------------------------------------------------------------------

  /** Stage values as pick-list entries; Zoho shows "Identify Decision Makers" for the stored `Id. Decision Makers`. */
  function stagePicks() {
    return state.stageValues.map((v, i) => ({
      display_value: v === 'Id. Decision Makers' ? 'Identify Decision Makers' : v,
      actual_value: v,
      sequence_number: i + 1,
      id: `36523970000000068${String(i).padStart(2, '0')}`,
    }));
  }

  function settings(path: string, q: URLSearchParams): Answer {
    if (path === 'settings/modules/Deals') return { status: 200, body: { modules: [{ api_name: 'Deals', id: DEALS_MODULE_ID, module_name: 'Deals', singular_label: 'Deal', plural_label: 'Deals' }] } };
    if (path === 'settings/fields' || path === 'settings/layouts') {
      if (!q.get('module')) return err(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: 'module' });
      if (q.get('module') !== 'Deals') return err(400, 'INVALID_MODULE', 'the module name given seems to be invalid');
      if (path === 'settings/layouts') return { status: 200, body: { layouts: [{ id: LAYOUT_ID, name: 'Standard', status: 'active' }] } };
      const field = (api_name: string, id: string, data_type: string, extra: Json = {}) => ({ api_name, id, data_type, field_label: api_name.replace(/_/g, ' '), ...extra });
      const picks = stagePicks().map(({ id: _id, ...p }) => p);
      return {
        status: 200,
        body: { fields: [field('Deal_Name', '3652397000000002501', 'text'), field('Stage', STAGE_FIELD_ID, 'picklist', { pick_list_values: picks }), field('Pipeline', '3652397000000002513', 'picklist'),
          field('Amount', '3652397000000002505', 'currency'), field('Closing_Date', '3652397000000002509', 'date'), field('Contact_Name', '3652397000000002507', 'lookup'),
          field('Owner', '3652397000000002503', 'ownerlookup'), field('Modified_Time', '3652397000000002519', 'datetime')] },
      };
    }
    if (path === 'settings/pipeline') {
      if (!q.get('layout_id')) return err(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: 'layout_id' });
      if (q.get('layout_id') !== LAYOUT_ID) return err(400, 'INVALID_DATA', 'The layout ID is invalid');
      const maps = stagePicks();
      return { status: 200, body: { pipeline: [{ display_value: 'Standard (Standard)', actual_value: 'Standard (Standard)', default: true, id: '3652397000003097001', maps }] } };
    }
    return err(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one');
  }

  // ---- routing --------------------------------------------------------------------------------

  function api(method: string, version: string, path: string, q: URLSearchParams, headers: IncomingHttpHeaders, body: Json, count: (route: string) => void): Answer {
    const auth = /^Zoho-oauthtoken (\S+)$/.exec(headers.authorization ?? '');
    const at = `/crm/${version}/`;
    const [head, id] = path.split('/');
    count(`${method} ${at}${head === 'Deals' && id ? 'Deals/{id}' : path}`);
    if (!auth) return err(401, 'AUTHENTICATION_FAILURE', 'Authentication failed');
    const expires = state.tokens.get(auth[1]!);
    if (expires === undefined || expires <= now()) return err(401, 'INVALID_TOKEN', 'invalid oauth token');
    const fault = state.faults.shift();
    if (fault?.status === 429) {
      const retryAfter: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
      return { ...err(429, 'TOO_MANY_REQUESTS', 'too many requests. please try again after some time'), headers: retryAfter };
    }
    if (fault) return err(fault.status, 'INTERNAL_ERROR', 'Internal Server Error');
    if (method === 'GET') state.reads.push({ path: `${at}${path}`, query: q, headers });
    const isWrite = method !== 'GET' && (head === 'Deals' || head === 'Tasks' || head === 'Notes');
    if (isWrite) {
      state.writes.push({ method, path: `${at}${path}`, headers, body });
      state.triggers.push(body.trigger);
    }
    if (head === 'Deals' && method === 'GET' && id) {
      const deal = state.deals.get(id);
      return deal ? { status: 200, body: { data: [project(deal, q.get('fields')?.split(','))] } } : { status: 204 };
    }
    if (head === 'Deals' && method === 'GET') return listDeals(q, headers);
    if (head === 'Deals' && method === 'PUT') return updateDeals(body, headers, id);
    if ((head === 'Tasks' || head === 'Notes') && method === 'POST' && !id) return create(head, body);
    if (path === 'actions/watch' && (method === 'POST' || method === 'PUT')) return watch(body);
    if (path === 'actions/watch' && method === 'GET') return { status: 200, body: { watch: [...state.channels.values()] } };
    if (head === 'settings' && method === 'GET') return settings(path, q);
    if (['Leads', 'Contacts', 'Accounts'].includes(head!)) return err(400, 'INVALID_MODULE', 'the module name given seems to be invalid');
    return err(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', base);
    const method = req.method ?? 'GET';
    const count = (route: string) => (state.calls[route] = (state.calls[route] ?? 0) + 1);
    let answer: Answer;
    const crm = /^\/crm\/(v\d+)\/(.+)$/.exec(url.pathname);
    if (url.pathname === '/oauth/v2/token' && method === 'POST') {
      count('POST /oauth/v2/token');
      state.tokenRequests.push({ query: url.search, body: raw });
      const params = new URLSearchParams(url.search);
      for (const [k, v] of new URLSearchParams(req.headers['content-type']?.includes('urlencoded') ? raw : '')) params.set(k, v);
      answer = token(params);
    } else if (crm) {
      let body: Json | undefined;
      try {
        body = raw ? (JSON.parse(raw) as Json) : {};
      } catch {
        body = undefined;
      }
      answer = body ? api(method, crm[1]!, crm[2]!, url.searchParams, req.headers, body, count) : err(400, 'INVALID_DATA', 'body is not valid JSON');
    } else {
      answer = err(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one');
    }
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    res.writeHead(answer.status, { ...(text ? { 'content-type': 'application/json;charset=utf-8' } : {}), ...answer.headers });
    res.end(text);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'INTERNAL_ERROR', details: { fake: String(e) }, message: 'Internal Server Error', status: 'error' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.announcedApiDomain = base;

  const notifications = webhookDeliveries<string>({ maxAttempts: 3, firstRetryMs: 300 });
  /** After a deal changed: a notification to each channel watching Deals (see `notify`). */
  function changed(id: string): void {
    if (!opts.notify) return;
    for (const channel of state.channels.values()) {
      if (!channel.events.some((e) => e === 'Deals.edit' || e === 'Deals.all')) continue;
      const body = JSON.stringify(notificationFor([id], { channelId: channel.channel_id }));
      notifications.send(channel.notify_url, id, () => ({ headers: { 'content-type': 'application/json' }, body }));
    }
  }

  function channelFor(channelId?: string): FakeChannel {
    const channel = channelId ? state.channels.get(channelId) : [...state.channels.values()].at(-1);
    if (!channel) throw new Error('zoho fake: no notification channel; call watch() first');
    return channel;
  }

  /** The callback body Zoho would POST to the channel's notify URL for these records. */
  function notificationFor(ids: string[], o: { operation?: 'insert' | 'update' | 'delete'; channelId?: string } = {}): Json {
    const channel = channelFor(o.channelId);
    const values = ids.map((id) => ({ record_id: id, values: { Stage: state.deals.get(id)?.Stage } }));
    return {
      server_time: now(),
      query_params: Object.fromEntries(new URL(channel.notify_url).searchParams),
      module: 'Deals',
      resource_uri: `${base}/crm/v2/Deals`,
      ids,
      affected_fields: o.operation === 'update' || o.operation === undefined ? ids.map((id) => ({ [id]: ['Stage'] })) : [],
      ...(channel.return_affected_field_values && o.operation !== 'delete' ? { affected_values: values } : {}),
      operation: o.operation ?? 'update',
      channel_id: channel.channel_id,
      token: channel.token,
    };
  }

  return {
    accountsUrl: base,
    apiDomain: base,
    state,
    /** The ZOHO_* variables of a connection to this fake. */
    env(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
      return { ZOHO_CLIENT_ID: creds.clientId, ZOHO_CLIENT_SECRET: creds.clientSecret, ZOHO_REFRESH_TOKEN: creds.refreshToken, ZOHO_ACCOUNTS_URL: base, ZOHO_WEBHOOK_TOKEN: webhookToken, ...overrides };
    },
    /** A deal as if created in the CRM; `Modified_Time` may be given to stage equal timestamps. */
    addDeal(d: Partial<FakeDeal> = {}): FakeDeal {
      const t = time();
      const deal: FakeDeal = {
        id: newId(), Deal_Name: 'Zylker renewal', Stage: 'Qualification', Pipeline: 'Standard (Standard)', Modified_Time: t, Created_Time: t,
        Modified_By: UI_USER, Owner: UI_USER, Contact_Name: { name: 'Jason Smith', id: '3652397000000624001' }, ...d,
      };
      state.deals.set(deal.id, deal);
      return deal;
    },
    /** A salesperson moves the deal in the CRM UI: a later `Modified_Time` (at least a second on). */
    changeStageInUi(id: string, stage: string): FakeDeal {
      const deal = state.deals.get(id);
      if (!deal) throw new Error(`zoho fake: no deal ${id}`);
      deal.Stage = stage;
      deal.Modified_Time = time(Math.max(now(), Date.parse(deal.Modified_Time) + 1000));
      deal.Modified_By = UI_USER;
      changed(id);
      return deal;
    },
    /** Notifications posted so far (with `notify`), and a wait for those still being delivered. */
    notifications,
    notificationFor,
    /** The whole delivery (method, notify URL, headers, raw bytes), shaped like leadflow's InboundRequest. */
    deliveryFor(ids: string[], o: Parameters<typeof notificationFor>[1] = {}) {
      const channel = channelFor(o.channelId);
      return { method: 'POST', url: channel.notify_url, headers: new Headers({ 'content-type': 'application/json' }), body: new TextEncoder().encode(JSON.stringify(notificationFor(ids, o))) };
    },
    /** Every access token issued so far stops working: the next API call gets INVALID_TOKEN. */
    expireTokensNow(): void {
      for (const t of state.tokens.keys()) state.tokens.set(t, 0);
    },
    /** The next `n` API calls answer with this fault instead (after the token check). */
    failNext(n: number, fault: ZohoFault): void {
      for (let i = 0; i < n; i++) state.faults.push(fault);
    },
    /** Calls so far to one route, e.g. `count('POST /oauth/v2/token')`. */
    count(route: string): number {
      return state.calls[route] ?? 0;
    },
    close(): Promise<void> {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
