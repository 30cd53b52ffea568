import { createHmac } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { safeEqual } from '../../connectors/shared/safe-equal.js';

/** The session cookie's name. */
export const SESSION_COOKIE = 'leadflow_session';
/** A dashboard login lasts a working day and a bit. */
export const SESSION_MS = 12 * 3_600_000;

/**
 * Dashboard sessions: a cookie holding its expiry and an HMAC of it. The key is derived from the
 * API token, so every server process agrees without a new secret, and changing the token ends
 * every session. The cookie is HttpOnly and SameSite=Lax (a link from WeCom or Slack opens signed in), and only reads (GET) accept it, so a cross-site request can change nothing.
 */
export function dashboardSessions(apiToken: string) {
  const key = createHmac('sha256', apiToken).update('leadflow dashboard session v1').digest();
  const sign = (expires: number) => createHmac('sha256', key).update(String(expires)).digest('base64url');
  return {
    issue(now = Date.now()): string {
      const expires = now + SESSION_MS;
      return `${expires}.${sign(expires)}`;
    },
    valid(cookie: string | undefined, now = Date.now()): boolean {
      const [expires, mac] = (cookie ?? '').split('.');
      return !!expires && !!mac && /^\d+$/.test(expires) && Number(expires) > now && safeEqual(mac, sign(Number(expires)));
    },
    fromRequest(c: Context): boolean {
      return this.valid(getCookie(c, SESSION_COOKIE));
    },
  };
}

/** Issues and checks dashboard sessions. */
export type DashboardSessions = ReturnType<typeof dashboardSessions>;
