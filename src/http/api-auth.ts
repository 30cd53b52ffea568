import type { MiddlewareHandler } from 'hono';
import { safeEqual } from '../../connectors/shared/safe-equal.js';
import { problem } from './problems.js';
import type { DashboardSessions } from './dashboard-session.js';

// RFC 6750: `Bearer` and one b64token; the scheme is case-insensitive.
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;
const CHALLENGE = 'Bearer realm="leadflow"';

/**
 * `Authorization: Bearer <LEADFLOW_API_TOKEN>` on `/api/*`. Any other header, malformed ones
 * included, is a 401 with a challenge: a client told 400 would look for a bug in its body.
 */
export function apiAuth(token: string, sessions?: DashboardSessions): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization');
    // The dashboard reads with its session cookie (SameSite=Lax, so a link from a chat opens signed in); anything that changes data needs the token.
    if (!header && sessions && c.req.method === 'GET' && sessions.fromRequest(c)) return next();
    if (!header) throw problem(401, { error: 'unauthorized', message: 'send Authorization: Bearer <LEADFLOW_API_TOKEN>' }, { 'www-authenticate': CHALLENGE });
    const given = BEARER.exec(header)?.[1];
    if (!given) throw problem(401, { error: 'unauthorized', message: 'Authorization must be "Bearer <token>"' }, { 'www-authenticate': `${CHALLENGE}, error="invalid_request"` });
    if (!safeEqual(given, token)) throw problem(401, { error: 'unauthorized', message: 'the bearer token is not valid' }, { 'www-authenticate': `${CHALLENGE}, error="invalid_token"` });
    await next();
  };
}
