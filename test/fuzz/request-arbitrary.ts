/**
 * Random requests for one registered action, derived from its declared parameters (kind, schema, limits):
 * each parameter is omitted, valid, a real resource from the fixtures, or hostile; list parameters get
 * gaps and odd indexes; unknown parameters are added. Everything is a string on the wire (spec §2.7).
 */
import fc from 'fast-check'
import type { AnyAction } from '../../src/actions/define-action.js'
import type { Param } from '../../src/actions/params.js'
import { badBase64, hostileJson, hostileName, hostileNumber, hostileString, RESERVED_NAMES, validBase64 } from './hostile.js'
import { valueFor } from './schema-arbitrary.js'

/** Real values from the server under test (key ids, aliases, ARNs, version ids, blobs, secret names…). */
export type FixturePool = readonly string[]

export type Envelope = 'v1-post' | 'v1-get' | 'v3'

export interface FuzzRequest {
  envelope: Envelope
  /** Ordered entries; later duplicates win, like a client building an object. */
  params: Array<[string, string]>
}

type Entries = fc.Arbitrary<Array<[string, string]>>

const none: Entries = fc.constant([])

function single(name: string, value: fc.Arbitrary<string>): Entries {
  return value.map((v) => [[name, v]] as Array<[string, string]>)
}

function fixture(pool: FixturePool): fc.Arbitrary<string> {
  return pool.length > 0 ? fc.constantFrom(...pool) : hostileString()
}

function schemaOf(param: Param<unknown>): Record<string, unknown> {
  return param.schema as unknown as Record<string, unknown>
}

function enumValues(param: Param<unknown>): string[] {
  const anyOf = schemaOf(param).anyOf as Array<{ const?: unknown }> | undefined
  return (anyOf ?? []).map((s) => s.const).filter((v): v is string => typeof v === 'string')
}

/** Indexes for `Name.N`: mostly 1…5 (with gaps), sometimes 0, huge, or not a plain number. */
const listIndex = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 5 }).map(String), weight: 6 },
  { arbitrary: fc.constantFrom('0', '01', '9999', '10000', '-1', '1e1', ' 1', '1x', ''), weight: 1 },
)

function listEntries(name: string, value: fc.Arbitrary<string>, fields: string[] | undefined): Entries {
  const suffix = fields ? fc.oneof(fc.constantFrom(...fields.map((f) => `.${f}`)), fc.constantFrom('.Unknown', '', '..', '.__proto__')) : fc.constantFrom('', '', '', '.Extra')
  return fc
    .array(fc.tuple(listIndex, suffix, value), { maxLength: 6 })
    .map((items) => items.map(([i, s, v]) => [`${name}.${i}${s}`, v] as [string, string]))
}

/** Value arbitraries per parameter kind; `pool` feeds real resource names into string-like parameters. */
function valueOf(param: Param<unknown>, pool: FixturePool): fc.Arbitrary<string> {
  const schema = schemaOf(param)
  switch (param.kind) {
    case 'integer': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -1000
      const max = typeof schema.maximum === 'number' ? schema.maximum : 1000
      return fc.oneof(fc.integer({ min, max }).map(String), fc.constantFrom(String(min - 1), String(max + 1)), hostileNumber(), hostileString())
    }
    case 'boolean':
      return fc.oneof(fc.constantFrom('true', 'false', 'TRUE', 'False', '1', 'yes'), hostileString())
    case 'enum': {
      const values = enumValues(param)
      return values.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 3 }, hostileString()) : hostileString()
    }
    case 'base64':
      return fc.oneof({ arbitrary: validBase64(), weight: 2 }, { arbitrary: fixture(pool), weight: 2 }, badBase64(), hostileString())
    case 'json':
      return fc.oneof({ arbitrary: valueFor(schema).map((v) => JSON.stringify(v)), weight: 2 }, hostileJson(), hostileString())
    default:
      return fc.oneof(
        { arbitrary: fixture(pool), weight: 3 },
        { arbitrary: valueFor(schema).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))), weight: 1 },
        { arbitrary: hostileString(), weight: 3 },
      )
  }
}

/** Entries for one declared parameter (a list parameter may give several). */
function entriesFor(name: string, param: Param<unknown>, pool: FixturePool): Entries {
  const omitWeight = param.required ? 1 : 3
  if (param.kind === 'list') {
    const item = fc.oneof(fixture(pool), hostileString())
    return fc.oneof({ arbitrary: none, weight: omitWeight }, { arbitrary: listEntries(name, item, undefined), weight: 6 })
  }
  if (param.kind === 'objectList') {
    const items = (schemaOf(param).items as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}
    const item = fc.oneof(fixture(pool), hostileString())
    return fc.oneof({ arbitrary: none, weight: omitWeight }, { arbitrary: listEntries(name, item, Object.keys(items)), weight: 6 })
  }
  const plain = single(name, valueOf(param, pool))
  if (name.endsWith('EncryptionContext')) {
    const flattened = fc
      .array(fc.tuple(fc.oneof(fc.string({ maxLength: 8 }), hostileName()), hostileString()), { maxLength: 3 })
      .map((kv) => kv.map(([k, v]) => [`${name}.${k}`, v] as [string, string]))
    return fc.oneof({ arbitrary: none, weight: omitWeight }, { arbitrary: plain, weight: 6 }, { arbitrary: flattened, weight: 2 })
  }
  return fc.oneof({ arbitrary: none, weight: omitWeight }, { arbitrary: plain, weight: 6 })
}

/** One random request for `action`. */
export function requestFor(action: AnyAction, pool: FixturePool): fc.Arbitrary<FuzzRequest> {
  const declared = Object.entries(action.params).map(([name, param]) => entriesFor(name, param, pool))
  const unknown = fc.array(fc.tuple(hostileName(), hostileString()), { maxLength: 3 })
  const envelope = fc.constantFrom<Envelope>('v1-post', 'v1-get', 'v3')
  return fc.tuple(envelope, fc.tuple(...declared), unknown).map(([env, lists, extra]) => ({
    envelope: env,
    params: [...lists.flat(), ...extra].filter(([n]) => !RESERVED_NAMES.has(n)),
  }))
}

/** The parameter object a client would send (`__proto__` stays an ordinary own property). */
export function toParamRecord(entries: Array<[string, string]>): Record<string, string> {
  return Object.fromEntries(entries) as Record<string, string>
}
