/**
 * Values that mostly fit a parameter's declared JSON Schema (the TypeBox schema every openkms parameter
 * carries), so the fuzzer also reaches the code behind validation, not only the validation itself.
 * Only the keywords openkms's schemas use are honoured; the rest are ignored on purpose (near-misses).
 */
import fc from 'fast-check'
import { hostileString } from './hostile.js'

type Schema = Record<string, unknown>

const MAX_DEPTH = 4

/** A JSON value for `schema`; unknown shapes fall back to arbitrary JSON. */
export function valueFor(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH) return fc.constant(null)
  if ('const' in schema) return fc.constant(schema.const)
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined
  if (Array.isArray(union) && union.length > 0) return fc.oneof(...union.map((s) => valueFor(s, depth + 1)))
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...(schema.enum as unknown[]))
  switch (schema.type) {
    case 'string':
      return stringFor(schema)
    case 'integer':
      return fc.integer({ min: numberOr(schema.minimum, -1e6), max: numberOr(schema.maximum, 1e6) })
    case 'number':
      return fc.double({ noNaN: true })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array': {
      const items = (schema.items as Schema | undefined) ?? {}
      return fc.array(valueFor(items, depth + 1), { maxLength: Math.min(numberOr(schema.maxItems, 5) + 1, 8) })
    }
    case 'object':
      return objectFor(schema, depth)
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

function numberOr(v: unknown, d: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : d
}

function stringFor(schema: Schema): fc.Arbitrary<string> {
  const max = numberOr(schema.maxLength, 64)
  const fitting = fc.string({ minLength: numberOr(schema.minLength, 0), maxLength: Math.min(max, 128) })
  return fc.oneof({ arbitrary: fitting, weight: 3 }, { arbitrary: hostileString(), weight: 1 })
}

function objectFor(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  const props = (schema.properties as Record<string, Schema> | undefined) ?? {}
  const required = new Set((schema.required as string[] | undefined) ?? [])
  const names = Object.keys(props)
  if (names.length === 0) {
    // Record<string, T> (TypeBox patternProperties) or a free object.
    const pattern = schema.patternProperties as Record<string, Schema> | undefined
    const inner = pattern ? (Object.values(pattern)[0] ?? {}) : {}
    return fc.dictionary(fc.string({ maxLength: 12 }), valueFor(inner, depth + 1), { maxKeys: 5 })
  }
  return fc
    .tuple(...names.map((n) => fc.tuple(fc.constant(n), valueFor(props[n] as Schema, depth + 1), fc.boolean())))
    .map((entries) => Object.fromEntries(entries.filter(([n, , keep]) => keep || required.has(n)).map(([n, v]) => [n, v])))
}
