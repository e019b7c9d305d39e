/**
 * Wire-level parameter descriptors. Every RPC value arrives as a string (spec §2.7); a descriptor decodes
 * it into a typed value, validates it, and carries a JSON Schema (TypeBox) so that docs and the CLI are
 * generated from the same declaration. Errors always name the wire parameter.
 */
import { Type, type TSchema, type Static } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { RAW_CONTEXT_JSON } from '../domain/ciphertext-blob.js'
import { KmsErrors } from '../domain/errors.js'

/** Flattened wire parameters: `Tag.1.Key` stays a flat name. */
export type RawParams = Readonly<Record<string, string>>

export interface Param<T> {
  /** Human type shown in docs and CLI help, e.g. `string`, `integer`, `json`. */
  readonly kind: string
  readonly required: boolean
  readonly description: string
  /** JSON Schema of the decoded value. */
  readonly schema: TSchema
  readonly defaultValue?: unknown
  /** Decode `name` (and, for lists, `name.N…`) from the raw map; throw KmsErrors on bad input. */
  decode(raw: RawParams, name: string): T
}

interface Common {
  description?: string
  required?: boolean
  /** Treat an empty value as given (e.g. UpdateKeyDescription clears with ''); otherwise '' counts as absent. */
  allowEmpty?: boolean
}
type Out<T, O> = O extends { required: true } ? T : O extends { default: unknown } ? T : T | undefined

function make<T>(
  kind: string,
  schema: TSchema,
  opts: Common & { default?: unknown },
  parse: (value: string, name: string) => T,
): Param<T> {
  return {
    kind,
    schema,
    required: opts.required === true,
    description: opts.description ?? '',
    defaultValue: opts.default,
    decode(raw, name) {
      const value = Object.prototype.hasOwnProperty.call(raw, name) ? raw[name] : undefined
      if (value === '' && opts.allowEmpty) return parse(value, name)
      if (value === undefined || value === '') {
        // SDKs omit unset fields; an empty value counts as absent, as Alibaba's gateway treats it.
        if (opts.required) throw KmsErrors.missingParameter(name)
        return opts.default as T
      }
      return parse(value, name)
    },
  }
}

interface StringOpts extends Common {
  minLength?: number
  maxLength?: number
  pattern?: RegExp
  patternHint?: string
  default?: string
}

function string<O extends StringOpts>(opts: O = {} as O): Param<Out<string, O>> {
  const schema = Type.String({
    minLength: opts.minLength,
    maxLength: opts.maxLength,
    pattern: opts.pattern?.source,
    default: opts.default,
  })
  return make('string', schema, opts, (v, name) => {
    const len = [...v].length
    if (opts.minLength !== undefined && len < opts.minLength)
      throw KmsErrors.invalidParameter(name, `It must be at least ${opts.minLength} characters long.`)
    if (opts.maxLength !== undefined && len > opts.maxLength)
      throw KmsErrors.invalidParameter(name, `It must be at most ${opts.maxLength} characters long.`)
    if (opts.pattern && !opts.pattern.test(v))
      throw KmsErrors.invalidParameter(name, opts.patternHint ?? `It must match ${opts.pattern.source}.`)
    return v
  }) as Param<Out<string, O>>
}

interface IntOpts extends Common {
  min?: number
  max?: number
  default?: number
}

function integer<O extends IntOpts>(opts: O = {} as O): Param<Out<number, O>> {
  const schema = Type.Integer({ minimum: opts.min, maximum: opts.max, default: opts.default })
  return make('integer', schema, opts, (v, name) => {
    if (!/^-?\d{1,15}$/.test(v.trim())) throw KmsErrors.invalidParameter(name, 'It must be an integer.')
    const n = Number(v.trim())
    if (opts.min !== undefined && n < opts.min) throw KmsErrors.invalidParameter(name, `It must be >= ${opts.min}.`)
    if (opts.max !== undefined && n > opts.max) throw KmsErrors.invalidParameter(name, `It must be <= ${opts.max}.`)
    return n
  }) as Param<Out<number, O>>
}

interface BoolOpts extends Common {
  default?: boolean
}

function boolean<O extends BoolOpts>(opts: O = {} as O): Param<Out<boolean, O>> {
  return make('boolean', Type.Boolean({ default: opts.default }), opts, (v, name) => {
    const s = v.toLowerCase()
    if (s === 'true') return true
    if (s === 'false') return false
    throw KmsErrors.invalidParameter(name, 'It must be true or false.')
  }) as Param<Out<boolean, O>>
}

interface EnumOpts<V extends string> extends Common {
  default?: V
}

function oneOf<const V extends string, O extends EnumOpts<V>>(values: readonly V[], opts: O = {} as O): Param<Out<V, O>> {
  const schema = Type.Union(
    values.map((v) => Type.Literal(v)),
    { default: opts.default },
  )
  return make('enum', schema, opts, (v, name) => {
    if (!(values as readonly string[]).includes(v))
      throw KmsErrors.invalidParameter(name, `Valid values: ${values.join(', ')}.`)
    return v as V
  }) as Param<Out<V, O>>
}

interface Base64Opts extends Common {
  minBytes?: number
  maxBytes?: number
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Strict standard base64 (padding required, no whitespace): silently accepting junk hides client bugs. */
export function decodeBase64(v: string, name: string): Buffer {
  if (!BASE64.test(v)) throw KmsErrors.invalidParameter(name, 'It must be valid base64.')
  return Buffer.from(v, 'base64')
}

function base64<O extends Base64Opts>(opts: O = {} as O): Param<Out<Buffer, O>> {
  const schema = Type.String({ contentEncoding: 'base64' })
  return make('base64', schema, opts, (v, name) => {
    const buf = decodeBase64(v, name)
    if (opts.minBytes !== undefined && buf.length < opts.minBytes)
      throw KmsErrors.invalidParameter(name, `It must decode to at least ${opts.minBytes} bytes.`)
    if (opts.maxBytes !== undefined && buf.length > opts.maxBytes)
      throw KmsErrors.invalidParameter(name, `It must decode to at most ${opts.maxBytes} bytes.`)
    return buf
  }) as Param<Out<Buffer, O>>
}

interface JsonOpts extends Common {
  maxLength?: number
}

/** A parameter carried as JSON text (`Tags`, `Filters`, `Permissions`, …), checked against a TypeBox schema. */
function json<S extends TSchema, O extends JsonOpts>(schema: S, opts: O = {} as O): Param<Out<Static<S>, O>> {
  const check = TypeCompiler.Compile(schema)
  return make('json', schema, opts, (v, name) => {
    if (opts.maxLength !== undefined && v.length > opts.maxLength)
      throw KmsErrors.invalidParameter(name, `It must be at most ${opts.maxLength} characters long.`)
    let parsed: unknown
    try {
      parsed = JSON.parse(v)
    } catch {
      throw KmsErrors.invalidParameter(name, 'It must be valid JSON.')
    }
    if (!check.Check(parsed)) {
      const first = check.Errors(parsed).First()
      const where = first?.path ? ` at ${first.path}` : ''
      throw KmsErrors.invalidParameter(name, `Malformed JSON value${where}: ${first?.message ?? 'unexpected shape'}.`)
    }
    return parsed as Static<S>
  }) as Param<Out<Static<S>, O>>
}

interface ListOpts extends Common {
  maxItems?: number
  itemMaxLength?: number
}

/** A repeat list on the wire: `Name.1=a&Name.2=b` (spec §2.7). Gaps are not allowed. */
function list<O extends ListOpts>(opts: O = {} as O): Param<Out<string[], O>> {
  const schema = Type.Array(Type.String({ maxLength: opts.itemMaxLength }), { maxItems: opts.maxItems })
  return {
    kind: 'list',
    schema,
    required: opts.required === true,
    description: opts.description ?? '',
    decode(raw, name) {
      const items = collectIndexed(raw, name, (rest) => rest === '')
      const values = items.map(([, fields]) => fields[''] as string)
      if (values.length === 0) {
        if (opts.required) throw KmsErrors.missingParameter(`${name}.1`)
        return undefined as Out<string[], O>
      }
      if (opts.maxItems !== undefined && values.length > opts.maxItems)
        throw KmsErrors.invalidParameter(name, `At most ${opts.maxItems} items are allowed.`)
      for (const v of values)
        if (opts.itemMaxLength !== undefined && v.length > opts.itemMaxLength)
          throw KmsErrors.invalidParameter(name, `Each item must be at most ${opts.itemMaxLength} characters.`)
      return values as Out<string[], O>
    },
  }
}

/** A repeat list of objects on the wire: `Tag.1.Key=k&Tag.1.Value=v`. */
function objectList<const F extends string, O extends ListOpts>(
  fields: readonly F[],
  opts: O = {} as O,
): Param<Out<Array<Partial<Record<F, string>>>, O>> {
  const schema = Type.Array(Type.Object(Object.fromEntries(fields.map((f) => [f, Type.Optional(Type.String())]))), {
    maxItems: opts.maxItems,
  })
  return {
    kind: 'objectList',
    schema,
    required: opts.required === true,
    description: opts.description ?? '',
    decode(raw, name) {
      const items = collectIndexed(raw, name, (rest) => (fields as readonly string[]).includes(rest.slice(1)))
      if (items.length === 0) {
        if (opts.required) throw KmsErrors.missingParameter(`${name}.1.${fields[0]}`)
        return undefined as Out<Array<Partial<Record<F, string>>>, O>
      }
      if (opts.maxItems !== undefined && items.length > opts.maxItems)
        throw KmsErrors.invalidParameter(name, `At most ${opts.maxItems} items are allowed.`)
      return items.map(([, f]) =>
        Object.fromEntries(Object.entries(f).map(([k, v]) => [k.slice(1), v])),
      ) as Out<Array<Partial<Record<F, string>>>, O>
    },
  }
}

/** Groups `name.N<rest>` entries by N (1-based, contiguous). */
function collectIndexed(
  raw: RawParams,
  name: string,
  acceptRest: (rest: string) => boolean,
): Array<[number, Record<string, string>]> {
  const prefix = `${name}.`
  const byIndex = new Map<number, Record<string, string>>()
  for (const [k, v] of Object.entries(raw)) {
    if (!k.startsWith(prefix)) continue
    const m = /^(\d{1,4})(.*)$/.exec(k.slice(prefix.length))
    if (!m) continue
    const rest = m[2] as string
    if (!acceptRest(rest)) throw KmsErrors.invalidParameter(k, 'Unknown field in list parameter.')
    const i = Number(m[1])
    if (i < 1) throw KmsErrors.invalidParameter(k, 'List indexes start at 1.')
    const entry = byIndex.get(i) ?? {}
    entry[rest] = v
    byIndex.set(i, entry)
  }
  const sorted = [...byIndex.entries()].sort((a, b) => a[0] - b[0])
  sorted.forEach(([i], pos) => {
    if (i !== pos + 1) throw KmsErrors.invalidParameter(`${name}.${pos + 1}`, 'List indexes must be contiguous from 1.')
  })
  return sorted
}

const ENCRYPTION_CONTEXT_MAX = 8192

/**
 * EncryptionContext: a JSON object of string values (`{"k":"v"}`), or, as kms20160120 1.x sends a map,
 * flattened `EncryptionContext.<key>=<value>` parameters (spec §2.7). Either form gives the same map.
 */
function encryptionContext(opts: Common = {}): Param<Record<string, string> | undefined> {
  const schema = Type.Record(Type.String(), Type.String(), { maxProperties: 1000 })
  return {
    kind: 'json',
    schema,
    required: false,
    description: opts.description ?? 'JSON object of string values, authenticated with the ciphertext.',
    decode(raw, name) {
      const text = raw[name]
      const flat = Object.entries(raw).filter(([k]) => k.startsWith(`${name}.`))
      if (text !== undefined && text !== '' && flat.length > 0)
        throw KmsErrors.invalidParameter(name, 'Give the context either as JSON or as flattened fields, not both.')
      if (flat.length > 0) {
        const ctx: Record<string, string> = Object.create(null)
        for (const [k, v] of flat) ctx[k.slice(name.length + 1)] = v
        return checkContext(ctx, name)
      }
      if (text === undefined || text === '') return undefined
      if (text.length > ENCRYPTION_CONTEXT_MAX)
        throw KmsErrors.invalidParameter(name, `It must be at most ${ENCRYPTION_CONTEXT_MAX} characters long.`)
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        throw KmsErrors.invalidParameter(name, 'It must be a JSON object.')
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw KmsErrors.invalidParameter(name, 'It must be a JSON object.')
      const ctx: Record<string, string> = Object.create(null)
      for (const [k, v] of Object.entries(parsed)) {
        if (typeof v !== 'string') throw KmsErrors.invalidParameter(name, `The value of "${k}" must be a string.`)
        ctx[k] = v
      }
      const checked = checkContext(ctx, name)
      // Kept for Decrypt: the Python combined SDK uses this very text as the AAD (docs/ciphertext.md).
      if (checked) Object.defineProperty(checked, RAW_CONTEXT_JSON, { value: text, enumerable: false })
      return checked
    },
  }
}

function checkContext(ctx: Record<string, string>, name: string): Record<string, string> | undefined {
  const size = Object.entries(ctx).reduce((n, [k, v]) => n + k.length + v.length, 0)
  if (size > ENCRYPTION_CONTEXT_MAX)
    throw KmsErrors.invalidParameter(name, `It must be at most ${ENCRYPTION_CONTEXT_MAX} characters long.`)
  return Object.keys(ctx).length === 0 ? undefined : ctx
}

export const p = { string, integer, boolean, oneOf, base64, json, list, objectList, encryptionContext, Type }

export type ParamShape = Record<string, Param<unknown>>
export type InferParams<S extends ParamShape> = { [K in keyof S]: S[K] extends Param<infer T> ? T : never }

/**
 * Decode and validate all declared parameters. Every failure is collected so the message can name them
 * all; the first one decides the code, since Alibaba's error body carries a single Code.
 */
export function decodeParams<S extends ParamShape>(shape: S, raw: RawParams): InferParams<S> {
  const out: Record<string, unknown> = {}
  const failures: Error[] = []
  for (const [name, param] of Object.entries(shape)) {
    try {
      out[name] = param.decode(raw, name)
    } catch (e) {
      failures.push(e as Error)
    }
  }
  if (failures.length === 1) throw failures[0]
  if (failures.length > 1) {
    const first = failures[0] as Error & { code?: string }
    first.message = failures.map((f) => f.message).join(' ')
    throw first
  }
  return out as InferParams<S>
}
