import { createHmac, createSign } from 'node:crypto';
import fc from 'fast-check';
import { signStandardWebhook } from '../../connectors/shared/standard-webhooks.js';
import { STAGES } from '../../src/domain/stages.js';
import { DEEP_MARK, DEEP_TEXT, hostileString, hostileTime, hostileValue, mostly, mutatedObject } from './hostile-values.js';
import { ESP_SECRET, FUZZ_TOKEN, GENERIC_SECRET, type FuzzSystem } from './system.js';

/** How a request proves itself: correctly most of the time, so the payload reaches the parser. */
type Proof = 'good' | 'bad' | 'none';

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One thing a hostile sender does: an HTTP request, or a change made in a CRM that leadflow will read. */
export type FuzzAction =
  | { kind: 'http'; route: string; method: HttpMethod; path: string; body?: unknown; raw?: string; proof: Proof; contentType?: string }
  | { kind: 'crm-ui'; crm: 'zoho' | 'fxiaoke'; index: number; stage: unknown; name: unknown; time?: number };

const proof = fc.oneof({ weight: 12, arbitrary: fc.constant<Proof>('good') }, { weight: 1, arbitrary: fc.constantFrom<Proof>('bad', 'none') });
const contentType = fc.oneof({ weight: 20, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json; charset=latin1', 'application/x-www-form-urlencoded', '') });

/** A value as one URL path segment; a lone surrogate cannot be percent-encoded, so it is replaced. */
const pathSegment = (value: unknown) => encodeURIComponent(String(value).replace(/\p{Cs}/gu, '\ufffd'));

/** The arbitraries of every route, built on the system's pools of ids. */
export function fuzzActions(sys: FuzzSystem): fc.Arbitrary<FuzzAction> {
  const { pools } = sys;
  const leadId = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...pools.leadIds) }, { weight: 1, arbitrary: fc.constantFrom(...pools.newIds) }, { weight: 1, arbitrary: hostileString });
  const stage = mostly(fc.constantFrom(...STAGES));
  const time = mostly(fc.integer({ min: -86_400_000, max: 3_600_000 }).map((d) => new Date(Date.now() + d).toISOString()));
  const eventId = mostly(fc.string({ minLength: 1, maxLength: 12 }).map((s) => `e-${s}`));
  const email = mostly(fc.constantFrom('ann@example.com', 'li.wei@example.cn', 'Bob.Smith+news@Example.COM'));
  const attributes = mostly(fc.dictionary(fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), hostileString), mostly(fc.oneof(fc.string(), fc.integer(), fc.boolean()))));
  const record = (ids: string[]) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.constantFrom(...pools.newIds) }, { weight: 1, arbitrary: hostileString });
  const http = (route: string, method: HttpMethod, path: fc.Arbitrary<string>, body?: fc.Arbitrary<unknown>) =>
    fc.record({ path, body: body ?? fc.constant(undefined), proof, contentType, raw: fc.oneof({ weight: 30, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom('{"id": ', '\ufeff{}', '[]', 'null', '{}'.repeat(3), '\u0000'), fc.string({ maxLength: 50 })) }) }).map(
      (r): FuzzAction => ({ kind: 'http', route, method, ...r, raw: r.raw }),
    );

  const lead = mutatedObject({
    id: leadId, email, name: mostly(fc.string({ maxLength: 30 })), locale: mostly(fc.constantFrom('en', 'zh-CN', 'zh-Hans-CN', 'de')), timezone: mostly(fc.constantFrom('UTC', 'Asia/Shanghai', 'America/New_York')),
    owner: mostly(fc.constantFrom('bob', 'Zhang Min')), source: mostly(fc.constantFrom('webinar', 'ads')), attributes, stage,
    consent: mostly(fc.record({ marketing: mostly(fc.boolean()) })), birthday: mostly(fc.constantFrom('05-17', '1990-02-29', '13-01')),
    crm: mostly(fc.array(mutatedObject({ connector: mostly(fc.constantFrom('zoho', 'hubspot', 'fxiaoke', 'generic')), id: record([...pools.genericIds, ...pools.zohoDeals]) }), { maxLength: 3 })),
  });
  const event = mutatedObject({
    id: eventId, type: mostly(fc.constantFrom('stage.changed', 'email.opened', 'email.clicked', 'email.replied', 'unsubscribed', 'attributes.updated', 'journey.paused', 'journey.resumed', 'demo.booked', 'email.bounced')),
    stage, occurredAt: time, attributes, source: mostly(fc.constantFrom('api', 'zoho')), data: mostly(fc.dictionary(fc.string({ maxLength: 5 }), hostileValue, { maxKeys: 3 })),
  });
  const genericEvent = mutatedObject({ id: eventId, recordId: record(pools.genericIds), stage: fc.oneof(stage, hostileString), occurredAt: time, email, name: mostly(fc.string({ maxLength: 20 })), owner: mostly(fc.string({ maxLength: 20 })) });
  const hubspotEvent = mutatedObject({
    eventId: mostly(fc.nat()), subscriptionId: mostly(fc.nat()), portalId: mostly(fc.constant(62515)), occurredAt: mostly(fc.integer({ min: Date.now() - 86_400_000, max: Date.now() + 3_600_000 })),
    subscriptionType: mostly(fc.constantFrom('deal.propertyChange', 'deal.creation', 'contact.creation')), attemptNumber: mostly(fc.nat(5)),
    objectId: mostly(fc.constantFrom(...pools.hubspotDeals.map(Number))), propertyName: mostly(fc.constantFrom('dealstage', 'amount')),
    propertyValue: fc.oneof(mostly(fc.constantFrom('appointmentscheduled', 'qualifiedtobuy', 'contractsent', 'closedwon', 'closedlost')), hostileString),
  });
  const fxiaokePush = mutatedObject({ objectApiName: mostly(fc.constant('NewOpportunityObj')), dataId: record(pools.fxiaokeIds), sales_stage: fc.oneof(mostly(fc.constantFrom('1', '3', '4', '5')), hostileString), last_modified_time: mostly(fc.integer({ min: Date.now() - 86_400_000, max: Date.now() + 3_600_000 })), eventId: fc.option(eventId, { nil: undefined }) });
  const zohoNotice = mutatedObject({ server_time: mostly(fc.constant(Date.now())), module: mostly(fc.constant('Deals')), ids: mostly(fc.array(record(pools.zohoDeals), { maxLength: 3 })), operation: mostly(fc.constantFrom('update', 'insert', 'delete')), channel_id: mostly(fc.constant('1000000068001')), token: fc.constant('zoho-channel-token-0123456789abcdef') });
  const espEvent = mutatedObject({ id: eventId, type: mostly(fc.constantFrom('delivered', 'bounced', 'complained', 'opened', 'clicked', 'replied', 'unsubscribed')), messageId: mostly(fc.constantFrom('<nope@leadflow.test>')), email, bounce: mostly(fc.constantFrom('hard', 'soft')), occurredAt: time, url: mostly(fc.webUrl()) });
  const sendgridEvent = mutatedObject({ sg_event_id: eventId, event: fc.oneof(mostly(fc.constantFrom('delivered', 'bounce', 'open', 'click', 'spamreport', 'unsubscribe')), hostileString), email, timestamp: mostly(fc.integer({ min: 1_700_000_000, max: 1_900_000_000 })), 'smtp-id': mostly(fc.constant('<nope@leadflow.test>')) });
  const token = fc.oneof(
    fc.record({ p: fc.constantFrom('u' as const, 'o' as const, 'c' as const), l: fc.constantFrom(...pools.leadIds), k: fc.string({ maxLength: 10 }), a: email, u: mostly(fc.webUrl()) }).map((claims) => sys.tokens.sign(claims as never)),
    hostileString.map(pathSegment),
  );
  const crmUi = fc.record({ crm: fc.constantFrom('zoho' as const, 'fxiaoke' as const), index: fc.nat(3), stage: fc.oneof(fc.constantFrom('Closed Won', 'Negotiation/Review', '3', '4'), hostileString), name: fc.oneof(fc.string({ maxLength: 20 }), hostileString) }).map((a): FuzzAction => ({ kind: 'crm-ui', ...a }));

  return fc.oneof(
    { weight: 3, arbitrary: http('POST /api/leads', 'POST', fc.constant('/api/leads'), lead) },
    { weight: 4, arbitrary: http('POST /api/leads/:id/events', 'POST', leadId.map((id) => `/api/leads/${pathSegment(id)}/events`), event) },
    { weight: 2, arbitrary: http('GET /api/leads/:id', 'GET', leadId.map((id) => `/api/leads/${pathSegment(id)}`)) },
    { weight: 1, arbitrary: http('POST /api/replies', 'POST', fc.constant('/api/replies'), mutatedObject({ messageId: mostly(fc.constant('<nope@leadflow.test>')), id: eventId, occurredAt: time })) },
    { weight: 4, arbitrary: http('POST /webhooks/generic', 'POST', fc.constant('/webhooks/generic'), fc.oneof(genericEvent, fc.record({ events: mostly(fc.array(genericEvent, { minLength: 1, maxLength: 4 })) }))) },
    { weight: 3, arbitrary: http('POST /webhooks/hubspot', 'POST', fc.constant('/webhooks/hubspot'), mostly(fc.array(hubspotEvent, { minLength: 1, maxLength: 4 }))) },
    { weight: 3, arbitrary: http('POST /webhooks/fxiaoke', 'POST', fc.constant('/webhooks/fxiaoke'), fc.oneof(fxiaokePush, fc.record({ events: mostly(fc.array(fxiaokePush, { minLength: 1, maxLength: 4 })) }))) },
    { weight: 2, arbitrary: http('POST /webhooks/zoho', 'POST', fc.constant('/webhooks/zoho'), zohoNotice) },
    { weight: 2, arbitrary: http('POST /webhooks/mail/generic', 'POST', fc.constant('/webhooks/mail/generic'), fc.record({ events: mostly(fc.array(espEvent, { minLength: 1, maxLength: 3 })) })) },
    { weight: 1, arbitrary: http('POST /webhooks/mail/sendgrid', 'POST', fc.constant('/webhooks/mail/sendgrid'), mostly(fc.array(sendgridEvent, { minLength: 1, maxLength: 3 }))) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('GET', 'POST') , fc.constantFrom('u', 't/o', 't/c', 's'), token).chain(([method, page, t]) => http(`${method} /${page}/:token`, method as HttpMethod, fc.constant(`/${page}/${t}`), method === 'POST' ? fc.constant('List-Unsubscribe=One-Click') : undefined)) },
    { weight: 1, arbitrary: fc.constantFrom('/healthz', '/readyz', '/openapi.json', '/docs', '/docs/swagger-ui.css', '/docs/constructor', '/webhooks/salesforce', '/webhooks/__proto__', '/api/funnel', '/%00', '/api/leads/%E0%A4%A').chain((p) => http(`GET ${p}`, 'GET', fc.constant(p))) },
    { weight: 1, arbitrary: crmUi },
    { weight: 1, arbitrary: fc.constantFrom('PUT', 'DELETE').chain((m) => http(`${m} /api/leads`, m as HttpMethod, fc.constant('/api/leads'), lead)) },
  );
}

/**
 * Survey pages, answers and results. A property of its own: the kept seeds replay paths through
 * `fuzzActions`, which any change to that arbitrary would invalidate.
 */
export function surveyFuzzActions(sys: FuzzSystem): fc.Arbitrary<FuzzAction> {
  const { pools } = sys;
  const token = fc.oneof(
    fc.record({ p: fc.constant('s' as const), l: fc.constantFrom(...pools.leadIds), k: fc.oneof(fc.string({ maxLength: 20 }), hostileString), n: fc.constantFrom('post-purchase', 'x'), sk: fc.constantFrom('nps', 'csat', 'xyz'), v: fc.integer({ min: -1, max: 12 }), lc: fc.constantFrom('en', 'zh-CN') }).map((claims) => sys.tokens.sign(claims as never)),
    hostileString.map(pathSegment),
  );
  const form = fc.tuple(fc.oneof(fc.integer({ min: -2, max: 12 }).map(String), hostileString), fc.oneof(fc.string({ maxLength: 40 }), hostileString)).map(([score, comment]) => new URLSearchParams({ score, comment }).toString());
  const query = fc.oneof(fc.constant(''), fc.date().map((d) => `?from=${encodeURIComponent(Number.isNaN(d.getTime()) ? 'x' : d.toISOString())}`), hostileString.map((h) => `?to=${encodeURIComponent(h)}`));
  const http = (route: string, method: HttpMethod, path: fc.Arbitrary<string>, body?: fc.Arbitrary<unknown>) =>
    fc.record({ path, body: body ?? fc.constant(undefined), proof, contentType }).map((r): FuzzAction => ({ kind: 'http', route, method, ...r }));
  return fc.oneof(
    token.chain((t) => http('GET /s/:token', 'GET', fc.constant(`/s/${t}`))),
    fc.tuple(token, form).chain(([t, f]) => http('POST /s/:token', 'POST', fc.constant(`/s/${t}`), fc.constant(f))),
    fc.tuple(fc.oneof(fc.constant('post-purchase'), hostileString), query).chain(([n, q]) => http('GET /api/surveys/:name/results', 'GET', fc.constant(`/api/surveys/${pathSegment(n)}/results${q}`))),
  );
}

/** The body as bytes on the wire: JSON with the 5,000-level mark spliced in, or the raw text given. */
function serialise(action: FuzzAction & { kind: 'http' }): string | undefined {
  if (action.raw !== undefined) return action.raw;
  if (action.body === undefined) return undefined;
  if (typeof action.body === 'string' && action.route.startsWith('POST /')) return action.body;
  return JSON.stringify(action.body).replaceAll(JSON.stringify(DEEP_MARK), DEEP_TEXT);
}

/** The headers that prove the request, per route, as each sender signs. */
function proofHeaders(sys: FuzzSystem, action: FuzzAction & { kind: 'http' }, url: string, body: string): Record<string, string> {
  if (action.proof === 'none') return {};
  const bad = action.proof === 'bad';
  const ts = Math.floor(Date.now() / 1000);
  const standard = (secret: string) => {
    const id = `msg_${Math.random().toString(36).slice(2)}`;
    return { 'webhook-id': id, 'webhook-timestamp': String(bad ? ts - 3600 : ts), 'webhook-signature': signStandardWebhook(secret, id, ts, body) };
  };
  if (action.path.startsWith('/api/')) return { authorization: bad ? 'Bearer a b' : `Bearer ${FUZZ_TOKEN}` };
  if (action.path === '/webhooks/generic') return standard(GENERIC_SECRET);
  if (action.path === '/webhooks/fxiaoke') return standard(sys.fxiaoke.webhookSecret);
  if (action.path === '/webhooks/mail/generic') return standard(ESP_SECRET);
  if (action.path === '/webhooks/hubspot') {
    const msTs = String(Date.now());
    const signature = createHmac('sha256', bad ? 'wrong' : sys.hubspot.clientSecret).update(`POST${url}${body}${msTs}`, 'utf8').digest('base64');
    return { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': msTs };
  }
  if (action.path === '/webhooks/mail/sendgrid') {
    const signature = createSign('sha256').update(String(ts)).update(bad ? `${body} ` : body).sign(sys.sendgridKey, 'base64');
    return { 'x-twilio-email-event-webhook-signature': signature, 'x-twilio-email-event-webhook-timestamp': String(ts) };
  }
  return {};
}

export interface FuzzResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Sends one action for real: over HTTP to the listener, or as a change in a CRM fake. */
export async function perform(sys: FuzzSystem, action: FuzzAction): Promise<FuzzResponse | undefined> {
  if (action.kind === 'crm-ui') {
    if (action.crm === 'zoho') {
      const deal = sys.zoho.state.deals.get(sys.pools.zohoDeals[action.index]!);
      if (deal) Object.assign(deal, { Stage: action.stage, Contact_Name: { name: action.name, id: '1' }, Modified_Time: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', '+00:00') });
    } else {
      const id = sys.pools.fxiaokeIds[action.index]!;
      const rec = sys.fxiaoke.state.records.get(id);
      if (rec) Object.assign(rec, { sales_stage: action.stage, name: action.name, last_modified_time: Date.now() });
    }
    return undefined;
  }
  const url = `${sys.url}${action.path}`;
  const body = action.method === 'GET' ? undefined : serialise(action);
  const headers: Record<string, string> = { ...proofHeaders(sys, action, url, body ?? '') };
  if (action.contentType !== '') headers['content-type'] = action.contentType ?? (action.route.includes('/u/') || action.route.includes('/s/') ? 'application/x-www-form-urlencoded' : 'application/json');
  const res = await fetch(url, { method: action.method, headers, body, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** What a hostile request must never get back: a 5xx other than a documented 503, or a 4xx that is not a JSON problem. */
export function violations(action: FuzzAction & { kind: 'http' }, res: FuzzResponse, documented503: readonly string[]): string[] {
  const found: string[] = [];
  let json: { error?: unknown; message?: unknown } | undefined;
  try {
    json = JSON.parse(res.text);
  } catch {
    json = undefined;
  }
  if (res.status >= 500) {
    const ok503 = res.status === 503 && !!res.headers.get('retry-after') && typeof json?.error === 'string' && documented503.includes(json.error);
    if (!ok503) found.push(`${res.status} ${res.text.slice(0, 300)}`);
  }
  const apiLike = action.path.startsWith('/api/') || action.path.startsWith('/webhooks/');
  if (apiLike && res.status >= 400 && (typeof json?.error !== 'string' || typeof json?.message !== 'string')) found.push(`${res.status} without a JSON problem: ${res.text.slice(0, 200)}`);
  return found;
}
