import fc from 'fast-check';

/**
 * Random and boundary values for the property-based tests of every input boundary (the
 * service's requests, its webhook, the extension's messages). Each arbitrary mixes plain random
 * values with the ones that break naive handling: NUL, lone surrogates, control and bidi
 * characters, strings just past a limit or far beyond the body limit, wrong types, and numbers
 * outside any sane range.
 */

const trickyChar = fc.constantFrom(
  '\u0000',
  '\ud800',
  '\udfff',
  '\u0007',
  '\n',
  '\r',
  '\t',
  '\u202e',
  '\u0301',
  '\ufeff',
  '\uffff',
  '🙂',
  'é',
  '"',
  "'",
  '\\',
  '%',
  '/',
  '<',
  '&',
  '=',
  '?',
  '#',
  ' ',
);

const char = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: trickyChar },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

const knownTricky = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '%00',
  '%',
  '%zz',
  '%E0%A4%A',
  '%ED%A0%80',
  '..',
  '../..',
  "' or '1'='1",
  '<script>alert(1)</script>',
  'null',
  '__proto__',
  'constructor',
  '0',
  '-1',
  'NaN',
  '1e999',
  'true',
  '[]',
  '{}',
);

/** Strings just past the limits the schemas use, and one past the service's 64 KiB body limit. */
const longString = fc
  .tuple(
    fc.constantFrom(64, 65, 100, 101, 128, 129, 200, 201, 254, 255, 500, 501, 2001, 70_000),
    fc.constantFrom('a', 'é', '🙂', '\u0000', '\ud800', '_'),
  )
  .map(([n, c]) => c.repeat(n));

export const anyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: char, maxLength: 40 }) },
  { weight: 3, arbitrary: knownTricky },
  { weight: 1, arbitrary: longString },
);

export const anyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e21, 1e308, -1e308),
  fc.integer(),
  fc.double(),
);

/** Any JSON value, including deep and wrong-typed ones. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: anyString },
  { weight: 2, arbitrary: anyNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(anyString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(anyString, anyString, { maxKeys: 3 }) },
);

/** A key a strict schema must refuse, including ones that touch prototypes. */
export const anyKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'orgId', 'role', 'admin', ''),
  fc.string({ unit: char, maxLength: 12 }),
);

/** Characters the database or a parser may refuse, put into otherwise valid text. */
const breaking = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('\u0000', '\ud800', '\udc00') },
  { weight: 1, arbitrary: trickyChar },
);

/** Valid text with one breaking character inserted somewhere: it passes every other check. */
export function spoiled(text: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat({ max: text.length }), breaking)
    .map(([at, c]) => text.slice(0, at) + c + text.slice(at));
}

/** Another value for one field: its text spoiled (for text fields) or anything at all. */
function variantOf(value: unknown, other: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return typeof value === 'string'
    ? fc.oneof({ weight: 3, arbitrary: spoiled(value) }, { weight: 2, arbitrary: other })
    : other;
}

/**
 * Values around a valid object: itself, one field's text spoiled, one or two fields replaced by
 * anything, a field dropped, an extra field, or something else entirely. Most are invalid, and
 * close enough to valid that they reach the code behind each check.
 */
export function nearValid<T extends Record<string, unknown>>(
  valid: T,
  value: fc.Arbitrary<unknown> = anyJson,
): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const key = keys.length > 0 ? fc.constantFrom(...keys) : anyKey;
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(valid) },
    {
      weight: 8,
      arbitrary: key.chain((k) => variantOf(valid[k], value).map((v) => ({ ...valid, [k]: v }))),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(key, value, key, value)
        .map(([k1, v1, k2, v2]) => ({ ...valid, [k1]: v1, [k2]: v2 })),
    },
    {
      weight: 1,
      arbitrary: key.map((k) => Object.fromEntries(Object.entries(valid).filter(([x]) => x !== k))),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(anyKey, value).map(([k, v]) => ({ ...valid, [k]: v })),
    },
    { weight: 2, arbitrary: anyJson },
  );
}

/**
 * Percent-encodes text for a URL. A lone surrogate has no UTF-8 form (encodeURIComponent
 * throws), so it is sent as the bytes a careless encoder would produce (WTF-8).
 */
export function percentEncode(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      const bytes = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
      out += bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(ch);
    }
  }
  return out;
}

/** A path segment or query value: encoded text, or raw text that may already hold `%` escapes. */
export const urlText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: anyString.map(percentEncode) },
  {
    weight: 1,
    arbitrary: knownTricky.map((s) => s.replace(/[^\x21-\x7e]/g, (c) => percentEncode(c))),
  },
);
