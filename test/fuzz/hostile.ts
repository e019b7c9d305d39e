/**
 * fast-check arbitraries for hostile wire values: what a broken or malicious client can put in an RPC
 * parameter (every value is a string on the wire, spec/kms-openapi.md §2.7).
 */
import fc from 'fast-check'

/** Names that poison naive object handling when used as parameter names or JSON keys. */
export const PROTO_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__']

/** Common parameters the signer sets itself; a fuzzed parameter must not overwrite them. */
export const RESERVED_NAMES = new Set([
  'Action',
  'Version',
  'Format',
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'SignatureType',
  'Timestamp',
  'SecurityToken',
  'RegionId',
])

/** Largest single value sent: far above every documented limit, well under the 1 MiB body cap once encoded. */
const HUGE = 100_000

const edgeStrings = fc.constantFrom(
  '',
  ' ',
  '\t\n',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uFEFF',
  '\u202Eevil',
  'null',
  'undefined',
  'true',
  'NaN',
  '[]',
  '{}',
  '%',
  '%zz',
  '&=',
  '+',
  '../../etc/passwd',
  "'; DROP TABLE keys; --",
  '<x>&amp;</x>',
  ...PROTO_NAMES,
)

const unicode = fc.string({ unit: 'binary', maxLength: 64 })
const graphemes = fc.string({ unit: 'grapheme', maxLength: 32 })
const long = fc.integer({ min: 257, max: HUGE }).chain((n) => fc.constantFrom('a', 'é', '😀', '\u0000', '%').map((c) => c.repeat(n)))

/** Any string at all, biased towards the edge cases parsers get wrong. */
export function hostileString(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: edgeStrings, weight: 3 },
    { arbitrary: unicode, weight: 3 },
    { arbitrary: graphemes, weight: 1 },
    { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
    { arbitrary: long, weight: 1 },
    { arbitrary: hostileNumber(), weight: 1 },
    { arbitrary: badBase64(), weight: 1 },
    { arbitrary: hostileJson(), weight: 1 },
  )
}

/** Numbers as text: boundaries of int32, int64, JS safe integers and IEEE doubles, and near-misses. */
export function hostileNumber(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      '0',
      '-0',
      '1',
      '-1',
      '2147483647',
      '2147483648',
      '-2147483649',
      '4294967296',
      '9007199254740991',
      '9007199254740993',
      '-9007199254740993',
      '9223372036854775807',
      '99999999999999999999999',
      '1e3',
      '1e309',
      '-1e309',
      '0.5',
      '1.0',
      '0x10',
      '0b1',
      '010',
      ' 1',
      '1 ',
      '+1',
      '١٢',
      'Infinity',
    ),
    fc.integer().map(String),
    fc.double().map(String),
  )
}

/** Strings that are not strict padded standard base64, plus valid ones of boundary sizes. */
export function badBase64(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('=', '==', '===', 'a', 'ab', 'abc', 'YQ', 'YQ=', 'YQ===', 'Y Q==', 'YQ==\n', '-_-_', '!!!!', 'YWJj\u0000', '****'),
    fc.uint8Array({ minLength: 1, maxLength: 48 }).map((b) => Buffer.from(b).toString('base64url')),
    fc.uint8Array({ minLength: 1, maxLength: 48 }).map((b) => Buffer.from(b).toString('base64').replace(/=+$/, '')),
  )
}

/** Valid standard base64 of random bytes, sizes chosen around the documented limits (6 KB plaintext, 1024-byte keys). */
export function validBase64(): fc.Arbitrary<string> {
  const sizes = fc.oneof(
    fc.integer({ min: 0, max: 64 }),
    fc.constantFrom(15, 16, 17, 31, 32, 33, 255, 256, 257, 1023, 1024, 1025, 4096, 6143, 6144, 6145, 32769, 65_537),
  )
  return sizes.chain((n) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Buffer.from(b).toString('base64')))
}

/** JSON text: random documents, near-miss syntax, prototype-polluting keys and very deep nesting. */
export function hostileJson(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.json({ maxDepth: 3 }),
    fc.constantFrom(
      '{',
      '[',
      '{"a":}',
      "{'a':'b'}",
      '{"a":"b",}',
      'null',
      '0',
      '""',
      '[null]',
      '[{}]',
      '[{"TagKey":1}]',
      '{"__proto__":{"polluted":"yes"}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      '[{"__proto__":"x","TagKey":"k","TagValue":"v"}]',
      '{"a":"\\u0000"}',
      '{"\\ud800":"x"}',
      `{"a":"${'x'.repeat(9000)}"}`,
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
      `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`,
    ),
  )
}

/** Parameter names a client could invent: unknown, reserved-looking, prototype names, list-shaped, huge. */
export function hostileName(): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constantFrom(...PROTO_NAMES, 'KeyId.1', 'Tag.0.Key', 'a.b.c', 'X'.repeat(300), 'Na\u0000me', 'ünïcödé', '1', '.', '..'),
      fc.string({ minLength: 1, maxLength: 20 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
    )
    .filter((n) => n.length > 0 && !RESERVED_NAMES.has(n))
}
