import fc from 'fast-check';
import { STAGES } from '../../src/domain/stages.js';
import { hostileString } from './hostile-values.js';
import type { FuzzAction } from './requests.js';
import type { FuzzSystem } from './system.js';

const value = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('', '2027-01-01', '2027-01-01T00:00:00Z', 'CNY', 'bob', '7d', 'csv', 'json', 'weeks', '2027-Q1', '2027-13', '0', '-1', '1e9', ...STAGES) }, { weight: 2, arbitrary: hostileString });
const param = fc.constantFrom('from', 'to', 'source', 'owner', 'stage', 'currency', 'format', 'table', 'within', 'period', 'search', 'limit', 'offset');
const query = fc.array(fc.tuple(param, value), { maxLength: 4 }).map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(String(v).replace(/\p{Cs}/gu, '\ufffd'))}`).join('&')}` : ''));
const segment = fc.oneof(fc.constantFrom('lead-nurture', 'bob', 'fuzz-1', 'x'), hostileString).map((v) => encodeURIComponent(String(v).replace(/\p{Cs}/gu, '\ufffd')));

/**
 * The numbers' routes (funnel, step stats, scorecards, timelines, the lead list), the dashboard's
 * login and assets, and /metrics: hostile parameters, never a 500. A property of its own, so the
 * kept seeds of the others still replay.
 */
export function insightFuzzActions(sys: FuzzSystem): fc.Arbitrary<FuzzAction> {
  const get = (route: string, path: fc.Arbitrary<string>) => path.map((p): FuzzAction => ({ kind: 'http', route, method: 'GET', path: p, proof: 'good' }));
  const lead = fc.constantFrom(...sys.pools.leadIds);
  return fc.oneof(
    get('GET /api/funnel', query.map((q) => `/api/funnel${q}`)),
    get('GET /api/sequences/:name/stats', fc.tuple(segment, query).map(([n, q]) => `/api/sequences/${n}/stats${q}`)),
    get('GET /api/owners', query.map((q) => `/api/owners${q}`)),
    get('GET /api/owners/:owner', fc.tuple(segment, query).map(([o, q]) => `/api/owners/${o}${q}`)),
    get('GET /api/leads/:id/timeline', fc.tuple(fc.oneof(lead, segment), query).map(([id, q]) => `/api/leads/${id}/timeline${q}`)),
    get('GET /api/leads', query.map((q) => `/api/leads${q}`)),
    get('GET /dashboard/assets/:file', fc.oneof(fc.constantFrom('dashboard.js', 'echarts.min.js', '..%2Fpackage.json'), segment).map((f) => `/dashboard/assets/${f}`)),
    get('GET /metrics', fc.constant('/metrics')),
    fc.oneof(hostileString, fc.string({ maxLength: 40 })).map((secret): FuzzAction => ({ kind: 'http', route: 'POST /dashboard/login', method: 'POST', path: '/dashboard/login', body: new URLSearchParams({ secret: String(secret).replace(/\p{Cs}/gu, '\ufffd') }).toString(), proof: 'none', contentType: 'application/x-www-form-urlencoded' })),
  );
}
