import { describe, expect, it } from 'vitest';
import { linkTokens } from './tokens.js';

describe('signed link tokens', () => {
  const tokens = linkTokens('a'.repeat(32));
  const claims = { p: 'c' as const, k: 'lead-1/1/seq@abc/s0/0', l: 'lead-1', u: 'https://example.com/pricing' };

  it('round-trips the claims for their purpose only', () => {
    const token = tokens.sign(claims);
    expect(tokens.verify(token, 'c')).toEqual(claims);
    expect(tokens.verify(token, 'u')).toBeUndefined();
  });

  it('rejects tampered, foreign and malformed tokens', () => {
    const token = tokens.sign(claims);
    const [body, mac] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...claims, u: 'https://evil.example' })).toString('base64url');
    expect(tokens.verify(`${forged}.${mac}`, 'c')).toBeUndefined();
    expect(tokens.verify(`${body}.${mac.slice(0, -2)}xx`, 'c')).toBeUndefined();
    expect(linkTokens('b'.repeat(32)).verify(token, 'c')).toBeUndefined();
    for (const junk of ['', '.', 'abc', `${token}.x`, 'e30.e30']) expect(tokens.verify(junk, 'c')).toBeUndefined();
  });

  it('refuses a token whose claims have the wrong shape, even when its signature is good', () => {
    const tokens = linkTokens('s'.repeat(40));
    const odd = tokens.sign({ p: 'u', l: 'lead-1', k: 'k', a: { v: 'x' } } as never);
    expect(tokens.verify(odd, 'u')).toBeUndefined();
    expect(tokens.verify(tokens.sign({ p: 'u', l: 'lead-1', k: 'k', a: 'ann@example.com' }), 'u')).toMatchObject({ a: 'ann@example.com' });
  });
});
