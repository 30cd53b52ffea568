import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InboundRequest } from '../../connectors/connector.js';
import { signStandardWebhook } from '../../connectors/shared/standard-webhooks.js';

/**
 * A Fxiaoke Open API (legacy body-token style) on 127.0.0.1, faithful to what crm-apis.md §2
 * documents: every business error is HTTP 200 with a non-zero `errorCode`; the token lives
 * 7200 s and is the same for its first 6600 s; the token endpoint takes no concurrent calls
 * and ten a minute; update wants `data.object_data`; query pages with limit ≤ 100 and an offset
 * that is a multiple of the limit and ≤ 10,000 (else 10013). Codes Fxiaoke does not document
 * (bad parameters, unknown record, bad credentials) are this fake's own, named below.
 */
export const FAKE_PARAM_ERROR = 10001;
export const FAKE_NOT_FOUND = 10002;
export const FAKE_BAD_CREDENTIALS = 20001;

export interface FakeOpportunity {
  _id: string;
  name: string;
  sales_stage: string;
  /** Epoch ms, bumped on every change. */
  last_modified_time: number;
}

export interface FxiaokeFakeOptions {
  appId?: string;
  appSecret?: string;
  permanentCode?: string;
  corpId?: string;
  /** The only `currentOpenUserId` the fake knows. */
  userId?: string;
  object?: string;
  /** The fake's clock for tokens, windows and `last_modified_time`; tests move it. */
  now?: () => number;
  records?: Array<Partial<FakeOpportunity> & { _id: string }>;
  stageOptions?: Array<{ value: string; label: string }>;
  webhookSecret?: string;
  /** Time the token endpoint takes, so that concurrent token requests would overlap. */
  tokenDelayMs?: number;
}

type Body = Record<string, unknown>;
type Answer = Body & { errorCode: number };
type Written = { object_data: Body; triggerWorkFlow: unknown; triggerApprovalFlow: unknown };

/** A 24-hex id like Fxiaoke's, ordered like `n`. */
export const fakeId = (n: number): string => `65f1${n.toString(16).padStart(20, '0')}`;

export const FAKE_STAGE_OPTIONS = [
  { value: '1', label: '验证客户' },
  { value: '2', label: '需求确定' },
  { value: '3', label: '方案/报价' },
  { value: '4', label: '谈判审核' },
  { value: '5', label: '赢单' },
  { value: '6', label: '输单' },
  { value: '7', label: '无效' },
];

const TOKEN_PATH = '/cgi/corpAccessToken/get/V2';
const isObj = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);
const ok = (extra: Body = {}): Answer => ({ errorCode: 0, errorMessage: 'OK', errorDescription: 'success', traceId: `E-O.fake.${randomBytes(4).toString('hex')}`, ...extra });
const fail = (errorCode: number, errorMessage: string): Answer => ({ errorCode, errorMessage, traceId: `E-O.fake.${randomBytes(4).toString('hex')}` });

export async function startFxiaokeFake(opts: FxiaokeFakeOptions = {}) {
  const now = opts.now ?? Date.now;
  const creds = { appId: opts.appId ?? 'FSAID_fake', appSecret: opts.appSecret ?? 'fake-app-secret', permanentCode: opts.permanentCode ?? 'FAKEPERMANENTCODE' };
  const corpId = opts.corpId ?? 'FSCID_FAKE';
  const userId = opts.userId ?? 'FSUID_ADMIN';
  const object = opts.object ?? 'NewOpportunityObj';
  const options = opts.stageOptions ?? FAKE_STAGE_OPTIONS;
  const webhookSecret = opts.webhookSecret ?? `whsec_${randomBytes(32).toString('base64')}`;

  const state = {
    records: new Map<string, FakeOpportunity>(),
    updates: [] as Array<Written & { _id: string }>,
    /** Stage writes that Fxiaoke applied: `from` is the value they replaced. */
    stageWrites: [] as { id: string; from: string; to: string; at: number }[],
    followUps: [] as Array<Written & { dataId: string }>,
    /** Writes that left Fxiaoke's switches on: each would run the tenant's workflows / approvals. */
    workflowsFired: 0,
    approvalsStarted: 0,
    /** Requests per path, failed ones included. */
    calls: {} as Record<string, number>,
    /** Every `search_query_info` received, in order. */
    queries: [] as Body[],
    tokensIssued: 0,
    tokenConcurrencyViolations: 0,
  };
  for (const r of opts.records ?? []) addRecord(r);

  const tokens = new Map<string, number>(); // token → expires at
  let current: { token: string; issuedAt: number } | undefined;
  let tokenInFlight = 0;
  const tokenCalls: number[] = [];
  const failures: Array<{ code: number; message: string }> = [];
  const httpFailures: number[] = [];
  let rateLimit: { max: number; windowMs: number } | undefined;
  const dataCalls: number[] = [];

  function addRecord(r: Partial<FakeOpportunity> & { _id: string }): FakeOpportunity {
    const rec = { name: `Opportunity ${r._id}`, sales_stage: options[0]!.value, last_modified_time: now(), ...r };
    state.records.set(rec._id, rec);
    return rec;
  }

  async function token(body: Body): Promise<Answer> {
    tokenInFlight += 1;
    const overlapping = tokenInFlight > 1;
    try {
      if (opts.tokenDelayMs) await new Promise((r) => setTimeout(r, opts.tokenDelayMs));
      if (overlapping) {
        state.tokenConcurrencyViolations += 1;
        return fail(-1, 'corpAccessToken must not be requested concurrently');
      }
      const t = now();
      while (tokenCalls.length && tokenCalls[0]! <= t - 60_000) tokenCalls.shift();
      if (tokenCalls.length >= 10) return fail(30004, 'corpAccessToken: at most 10 calls a minute');
      tokenCalls.push(t);
      if (body.appId !== creds.appId || body.appSecret !== creds.appSecret || body.permanentCode !== creds.permanentCode) {
        return fail(FAKE_BAD_CREDENTIALS, 'appId, appSecret or permanentCode is wrong');
      }
      if (!current || t >= current.issuedAt + 6_600_000) {
        current = { token: `fake-token-${randomBytes(8).toString('hex')}`, issuedAt: t };
        tokens.set(current.token, t + 7_200_000);
        state.tokensIssued += 1;
      }
      return ok({ corpAccessToken: current.token, corpId, expiresIn: Math.ceil((tokens.get(current.token)! - t) / 1000) });
    } finally {
      tokenInFlight -= 1;
    }
  }

  /** What Fxiaoke's gateway checks before any object call. */
  function gate(body: Body): Answer | undefined {
    const expires = typeof body.corpAccessToken === 'string' ? tokens.get(body.corpAccessToken) : undefined;
    if (expires === undefined || now() >= expires) return fail(20016, 'corpAccessToken is missing or expired');
    if (body.corpId !== corpId) return fail(20017, 'corpId not found');
    if (body.currentOpenUserId !== userId) return fail(20014, 'currentOpenUserId has no permission');
    if (rateLimit) {
      const t = now();
      while (dataCalls.length && dataCalls[0]! <= t - rateLimit.windowMs) dataCalls.shift();
      if (dataCalls.length >= rateLimit.max) return fail(30004, 'call frequency exceeded');
      dataCalls.push(t);
    }
    const injected = failures.shift();
    return injected ? fail(injected.code, injected.message) : undefined;
  }

  function flows(body: Body): void {
    if (body.triggerWorkFlow !== false) state.workflowsFired += 1;
    if (body.triggerApprovalFlow !== false) state.approvalsStarted += 1;
  }

  function update(body: Body): Answer {
    const data = body.data;
    if (!isObj(data) || !isObj(data.object_data) || 'data' in data) {
      return fail(FAKE_PARAM_ERROR, 'data.object_data is required (data.data / data.dataObjectApiName at this level are not the update shape)');
    }
    const { dataObjectApiName, _id, ...fields } = data.object_data;
    if (dataObjectApiName !== object) return fail(FAKE_PARAM_ERROR, `data.object_data.dataObjectApiName must be ${object}`);
    const rec = typeof _id === 'string' ? state.records.get(_id) : undefined;
    if (!rec) return fail(FAKE_NOT_FOUND, 'data.object_data._id: no such record');
    if ('sales_stage' in fields && !options.some((o) => o.value === fields.sales_stage)) {
      return fail(FAKE_PARAM_ERROR, 'sales_stage must be one of the field’s option values (not a label)');
    }
    const from = rec.sales_stage;
    Object.assign(rec, fields, { last_modified_time: now() });
    if ('sales_stage' in fields) state.stageWrites.push({ id: rec._id, from, to: rec.sales_stage, at: rec.last_modified_time });
    state.updates.push({ _id: rec._id, object_data: data.object_data, triggerWorkFlow: body.triggerWorkFlow, triggerApprovalFlow: body.triggerApprovalFlow });
    flows(body);
    return ok();
  }

  function create(body: Body): Answer {
    const od = isObj(body.data) ? body.data.object_data : undefined;
    if (!isObj(od)) return fail(FAKE_PARAM_ERROR, 'data.object_data is required');
    if (od.dataObjectApiName !== 'ActiveRecordObj') return fail(FAKE_PARAM_ERROR, 'this fake creates ActiveRecordObj only');
    if (typeof od.active_record_content !== 'string' || !od.active_record_content) return fail(FAKE_PARAM_ERROR, 'active_record_content is required');
    const related = od.related_object_data;
    const linksOk = Array.isArray(related) && related.length > 0 && related.every((r) => isObj(r) && r.describe_api_name === object && typeof r.id === 'string' && state.records.has(r.id));
    if (!linksOk) return fail(FAKE_PARAM_ERROR, `related_object_data must link existing ${object} records`);
    const dataId = randomBytes(12).toString('hex');
    state.followUps.push({ dataId, object_data: od, triggerWorkFlow: body.triggerWorkFlow, triggerApprovalFlow: body.triggerApprovalFlow });
    flows(body);
    return ok({ dataId });
  }

  function query(body: Body): Answer {
    const data = body.data;
    if (!isObj(data) || data.dataObjectApiName !== object) return fail(FAKE_PARAM_ERROR, `data.dataObjectApiName must be ${object}`);
    const q = data.search_query_info;
    if (!isObj(q)) return fail(FAKE_PARAM_ERROR, 'data.search_query_info is required');
    state.queries.push(q);
    const { limit, offset } = q;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100) return fail(10013, 'limit must be 1..100');
    if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset % limit !== 0 || offset > 10_000) {
      return fail(10013, 'offset must be a multiple of limit and at most 10000');
    }
    let rows = [...state.records.values()];
    for (const f of Array.isArray(q.filters) ? q.filters : []) {
      if (!isObj(f) || typeof f.field_name !== 'string' || !Array.isArray(f.field_values)) return fail(FAKE_PARAM_ERROR, 'filters: {field_name, field_values, operator}');
      const name = f.field_name as keyof FakeOpportunity;
      const numeric = name === 'last_modified_time';
      const want = numeric ? Number(f.field_values[0]) : String(f.field_values[0]);
      const test = { EQ: (c: number) => c === 0, N: (c: number) => c !== 0, GT: (c: number) => c > 0, GTE: (c: number) => c >= 0, LT: (c: number) => c < 0, LTE: (c: number) => c <= 0 }[String(f.operator)];
      if (!test) return fail(FAKE_PARAM_ERROR, `unknown operator ${String(f.operator)}`);
      rows = rows.filter((r) => test(compare(r[name], want)));
    }
    const orders = (Array.isArray(q.orders) ? q.orders : []).filter(isObj);
    rows.sort((a, b) => {
      for (const o of orders) {
        const c = compare(a[o.fieldName as keyof FakeOpportunity], b[o.fieldName as keyof FakeOpportunity]);
        if (c) return o.isAsc === false ? -c : c;
      }
      return 0;
    });
    const projection = Array.isArray(q.fieldProjection) ? q.fieldProjection.map(String) : undefined;
    const dataList = rows.slice(offset, offset + limit).map((r) => (projection ? Object.fromEntries(Object.entries(r).filter(([k]) => projection.includes(k))) : { ...r }));
    return ok({ data: { dataList, total: rows.length, offset, limit } });
  }

  function describe(body: Body): Answer {
    if (body.apiName !== object) return fail(FAKE_PARAM_ERROR, `apiName must be ${object}`);
    const field = (api_name: string, label: string, type: string, extra: Body = {}) => ({ api_name, label, type, ...extra });
    const fields = {
      _id: field('_id', 'ID', 'text'),
      name: field('name', '商机名称', 'text'),
      sales_stage: field('sales_stage', '商机阶段', 'select_one', { options: options.map((o) => ({ ...o, not_usable: false })) }),
      last_modified_time: field('last_modified_time', '最后修改时间', 'date_time'),
    };
    return ok({ data: { describe: { api_name: object, display_name: '商机2.0', fields } } });
  }

  const routes: Record<string, (body: Body) => Answer> = {
    '/cgi/crm/v2/data/update': update,
    '/cgi/crm/v2/data/create': create,
    '/cgi/crm/v2/data/query': query,
    '/cgi/crm/v2/object/describe': describe,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    state.calls[path] = (state.calls[path] ?? 0) + 1;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html' : 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const status = httpFailures.shift();
    if (status) return send(status, `<html><body>${status}</body></html>`);
    const route = path === TOKEN_PATH ? token : routes[path];
    if (req.method !== 'POST' || !route) return send(404, '<html><body>404 Not Found</body></html>');
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(200, fail(FAKE_PARAM_ERROR, 'the body is not JSON'));
    }
    if (!isObj(body)) return send(200, fail(FAKE_PARAM_ERROR, 'the body is not a JSON object'));
    send(200, path === TOKEN_PATH ? await token(body) : (gate(body) ?? route(body)));
  }

  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** A delivery as the tenant's push would make it, signed the Standard Webhooks way. */
  function signedPush(payload: unknown, o: { secret?: string; id?: string; timestampS?: number } = {}): InboundRequest {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const id = o.id ?? `msg_${randomBytes(8).toString('hex')}`;
    const ts = o.timestampS ?? Math.floor(now() / 1000);
    const headers = new Headers({ 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signStandardWebhook(o.secret ?? webhookSecret, id, ts, body) });
    return { method: 'POST', url: 'http://127.0.0.1/webhooks/fxiaoke', headers, body: new TextEncoder().encode(body) };
  }

  return {
    baseUrl,
    state,
    webhookSecret,
    credentials: { ...creds, corpId, userId },
    /** FXIAOKE_* variables that point a connector at this fake. */
    env: (extra: Record<string, string> = {}): Record<string, string> => ({
      FXIAOKE_APP_ID: creds.appId,
      FXIAOKE_APP_SECRET: creds.appSecret,
      FXIAOKE_PERMANENT_CODE: creds.permanentCode,
      FXIAOKE_BASE_URL: baseUrl,
      FXIAOKE_USER_ID: userId,
      FXIAOKE_WEBHOOK_SECRET: webhookSecret,
      ...extra,
    }),
    addRecord,
    /** Someone edits the record in the CRM UI; `at` forces its `last_modified_time` (ties). */
    changeInUi(id: string, patch: Partial<Omit<FakeOpportunity, '_id'>>, at?: number): FakeOpportunity {
      const rec = state.records.get(id);
      if (!rec) throw new Error(`fake has no record ${id}`);
      return Object.assign(rec, patch, { last_modified_time: at ?? now() });
    },
    /** Every token issued so far stops working: the next object call answers 20016. */
    expireTokensNow(): void {
      tokens.clear();
      current = undefined;
    },
    /** The next `n` object calls (not the token endpoint) answer `errorCode` with HTTP 200. */
    failNext(n: number, errorCode: number, message = 'injected by the fake'): void {
      for (let i = 0; i < n; i++) failures.push({ code: errorCode, message });
    },
    /** The next `n` requests to any path answer this HTTP status with an HTML body (a gateway failing). */
    failHttpNext(n: number, status: number): void {
      for (let i = 0; i < n; i++) httpFailures.push(status);
    },
    /** A hard limit on object calls per window of the fake's clock, answered with 30004; undefined lifts it. */
    setRateLimit(limit: { max: number; windowMs: number } | undefined): void {
      rateLimit = limit;
      dataCalls.length = 0;
    },
    signedPush,
    /** A signed push for a record as it stands, in the shape leadflow documents. */
    pushFor(id: string, o: { secret?: string; id?: string; timestampS?: number } = {}): InboundRequest {
      const rec = state.records.get(id);
      if (!rec) throw new Error(`fake has no record ${id}`);
      return signedPush({ objectApiName: object, dataId: rec._id, sales_stage: rec.sales_stage, last_modified_time: rec.last_modified_time }, o);
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export type FxiaokeFake = Awaited<ReturnType<typeof startFxiaokeFake>>;

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a ?? '');
  const sb = String(b ?? '');
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
