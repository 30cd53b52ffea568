import { z } from 'zod';
import { identifierSchema } from '../domain/safe-text.js';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a link in an e-mail carries: which send, which lead, and for clicks the one allowed URL. */
/** What a link token says. Checked on the way in too: a token is ours, but may be from an older release. */
const linkClaimsSchema = z.object({
  /** u: unsubscribe, o: open pixel, c: click, s: survey answer. */
  p: z.enum(['u', 'o', 'c', 's']),
  /** The send key. */
  k: identifierSchema(500),
  /** The lead id. */
  l: identifierSchema(200),
  /** The address, for unsubscribes; it goes to the suppression list, which holds no NUL. */
  a: identifierSchema(320).optional(),
  /** The destination, for clicks. */
  u: z.string().max(8000).optional(),
  /** The locale the page should speak. */
  lc: z.string().max(100).optional(),
  /** Surveys: the survey's name, its kind (nps, csat) and the score this link chooses. */
  n: identifierSchema(100).optional(),
  sk: z.string().max(10).optional(),
  v: z.number().int().min(0).max(10).optional(),
});
export type LinkClaims = z.infer<typeof linkClaimsSchema>;

/**
 * HMAC-SHA256 signed tokens with LEADFLOW_SECRET. They carry no expiry on purpose: an unsubscribe
 * link in a mail from last year must still work. Changing the secret invalidates every link.
 */
export function linkTokens(secret: string) {
  const sign = (body: string) => createHmac('sha256', secret).update(body).digest('base64url');
  return {
    sign(claims: LinkClaims): string {
      const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return `${body}.${sign(body)}`;
    },
    /** The claims, or undefined for a token that was not made with this secret for this purpose. */
    verify(token: string, purpose: LinkClaims['p']): LinkClaims | undefined {
      const [body, mac, extra] = token.split('.');
      if (!body || !mac || extra !== undefined) return undefined;
      const expected = Buffer.from(sign(body));
      const given = Buffer.from(mac);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        const claims = linkClaimsSchema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
        return claims.success && claims.data.p === purpose ? claims.data : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

export type LinkTokens = ReturnType<typeof linkTokens>;

/** The URLs that go into a mail for one send. */
export function sendLinks(tokens: LinkTokens, publicUrl: string, send: { key: string; leadId: string; address: string; locale: string }) {
  const base = { k: send.key, l: send.leadId };
  const unsubscribeToken = tokens.sign({ ...base, p: 'u', a: send.address, lc: send.locale });
  return {
    unsubscribeToken,
    unsubscribeUrl: `${publicUrl}/u/${unsubscribeToken}`,
    openPixelUrl: `${publicUrl}/t/o/${tokens.sign({ ...base, p: 'o' })}`,
    clickUrl: (url: string) => `${publicUrl}/t/c/${tokens.sign({ ...base, p: 'c', u: url })}`,
  };
}

/** One signed link per score of a survey mail: each opens the survey page with that score chosen. */
export function surveyLinks(tokens: LinkTokens, publicUrl: string, s: { instance: string; leadId: string; name: string; kind: string; locale: string; scores: number[] }) {
  return s.scores.map((score) => ({ score, url: `${publicUrl}/s/${tokens.sign({ p: 's', k: s.instance, l: s.leadId, n: s.name, sk: s.kind, v: score, lc: s.locale })}` }));
}
