import fc from 'fast-check';

/** Where a serialised body holds this string, the 5,000-level nesting is spliced in as text (JSON.stringify cannot go that deep). */
export const DEEP_MARK = '\u0001deep\u0001';
export const DEEP_TEXT = `${'{"d":'.repeat(5000)}"x"${'}'.repeat(5000)}`;

const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'isPrototypeOf', '__defineGetter__'];

/** Strings that broke, or could break, something: prototype keys, controls, lone surrogates, size. */
export const hostileString = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.constantFrom('', ' ', 'a\u0000b', '\u0000', 'line\nbreak', 'tab\there', '\u007f', '\u0085', '\ud800', 'a\udfffb', '\u202eevil', '😀', '广告', 'null', 'undefined', 'NaN', '%00', '../../etc/passwd', '<script>alert(1)</script>', "'; drop table crm_links; --"),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer({ min: 201, max: 20_000 }).map((n) => 'x'.repeat(n)),
);

/** Instants that froze a stage or threw: far future, year 0, not a date at all. */
export const hostileTime = fc.oneof(
  fc.constantFrom('9999-12-31T23:59:59Z', '+275760-09-13T00:00:00.000Z', '0000-01-01T00:00:00Z', '2026-02-30T00:00:00Z', 'yesterday', '', '1970-01-01T00:00:00Z'),
  fc.date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
);

export const hostileNumber = fc.oneof(fc.constantFrom(0, -1, 1e308, -1e308, 8_640_000_000_000_000, 8_640_000_000_000_001, 2 ** 53 + 1, 0.5), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));

/** Any value at all where a field was expected: wrong types, nesting, the 5,000-level mark. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileTime },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, DEEP_MARK) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 4 }).map((text) => JSON.parse(text) as unknown) },
  { weight: 1, arbitrary: fc.integer({ min: 9, max: 60 }).map((n) => { let v: unknown = 'x'; for (let i = 0; i < n; i++) v = { v }; return v; }) },
);

/**
 * A valid value most of the time (so requests get past the first check and reach deeper code),
 * otherwise something hostile.
 */
export function mostly<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: hostileValue });
}

/**
 * An object built from field arbitraries, then mutated the way a hostile sender would: a field
 * dropped, replaced, or added; sometimes the whole body is something else entirely.
 */
export function mutatedObject(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const entries = Object.entries(fields).map(([k, arb]) => fc.option(arb, { nil: undefined, freq: 30 }).map((v) => [k, v] as const));
  const base = fc.tuple(...entries).map((pairs) => Object.fromEntries(pairs.filter(([, v]) => v !== undefined)));
  const extra = fc.tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.string({ maxLength: 10 })), hostileValue);
  return fc.oneof(
    { weight: 12, arbitrary: base },
    { weight: 2, arbitrary: fc.tuple(base, extra).map(([o, [k, v]]) => ({ ...o, [k]: v })) },
    { weight: 1, arbitrary: hostileValue },
  );
}
