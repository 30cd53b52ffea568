/** UTF-8 bytes, which is what every chat API counts: a Chinese character is three. */
export const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * `text` cut to at most `maxBytes` of UTF-8, never inside a character, with `…` at the end when
 * anything was cut. Surrogate pairs and combining marks stay whole (cut at code points).
 */
export function truncateBytes(text: string, maxBytes: number, ellipsis = '…'): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const budget = maxBytes - utf8Bytes(ellipsis);
  if (budget <= 0) return '';
  let used = 0;
  let out = '';
  for (const ch of text) {
    const size = utf8Bytes(ch);
    if (used + size > budget) break;
    used += size;
    out += ch;
  }
  return out + ellipsis;
}

/** `text` cut to at most `max` characters (code points), for the fields some services count in characters. */
export function truncateChars(text: string, max: number, ellipsis = '…'): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 1)).join('') + ellipsis;
}
