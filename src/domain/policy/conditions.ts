/**
 * The Condition element: the operators RAM documents (String*, Numeric*, Date*, Bool, IpAddress, NotIpAddress),
 * compiled once at parse time. Semantics (docs/identity.md, "Policy language"):
 * - several values for one key: OR; several keys, or several operators: AND;
 * - a request key with several values matches a positive operator when any of them matches any policy value;
 * - negated operators (…NotEquals, StringNotLike, NotIpAddress) are the negation of their positive form, so
 *   they match when the key is absent; positive operators never match an absent key;
 * - a request value of the wrong type (a non-number for Numeric*, an unparsable date or address) matches no
 *   positive operator.
 */
import { BlockList, isIP } from 'node:net'
import { KmsErrors } from '../errors.js'
import { sourceIpProblem } from '../source-ip.js'
import { compileWildcard, type Matcher } from './wildcard.js'

/** Request values keyed by normalised condition key (see normaliseConditionKey). */
export type ConditionValues = ReadonlyMap<string, readonly string[]>

export interface CompiledCondition {
  readonly operator: string
  readonly key: string
  readonly test: (values: readonly string[] | undefined) => boolean
}

/**
 * Condition keys compare case-insensitively up to the first `/` (`acs:SourceIp` = `acs:sourceip`); what follows
 * (a tag key in `kms:tag/<TagKey>`) compares exactly, as tag keys are case-sensitive.
 */
export function normaliseConditionKey(key: string): string {
  const slash = key.indexOf('/')
  return slash < 0 ? key.toLowerCase() : key.slice(0, slash).toLowerCase() + key.slice(slash)
}

type Scalar = string | number | boolean
type Family = 'string' | 'numeric' | 'date' | 'bool' | 'ip'

interface OperatorDef {
  family: Family
  negated: boolean
  /** Builds the positive predicate over one request value from the policy values. */
  build: (values: readonly string[]) => (v: string) => boolean
}

const NUMBER = /^-?(?:0|[1-9]\d{0,20})(?:\.\d{1,20})?$/
const EPOCH = /^\d{1,12}$/
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** Milliseconds since the epoch for an ISO 8601 date-time (offset or Z; a bare date is UTC midnight) or epoch seconds. */
export function parsePolicyDate(value: string): number | undefined {
  if (EPOCH.test(value)) return Number(value) * 1000
  const m = ISO.exec(value)
  if (!m) return undefined
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as number[]
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysIn(year!, month!)) return undefined
  if (hour! > 23 || minute! > 59 || second! > 59) return undefined
  // A time without a zone is ambiguous; RAM's examples always carry Z or an offset.
  if (m[4] !== undefined && m[8] === undefined) return undefined
  let offsetMin = 0
  const zone = m[8]
  if (zone && zone !== 'Z') {
    const digits = zone.replace(':', '')
    const oh = Number(digits.slice(1, 3))
    const om = Number(digits.slice(3, 5))
    if (oh > 23 || om > 59) return undefined
    offsetMin = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om)
  }
  const ms = Number(((m[7] ?? '') + '000').slice(0, 3))
  return Date.UTC(year!, month! - 1, day!, hour!, minute!, second!, ms) - offsetMin * 60_000
}

function numeric(cmp: (a: number, b: number) => boolean): OperatorDef['build'] {
  return (values) => {
    const nums = values.map(Number)
    return (v) => NUMBER.test(v) && nums.some((n) => cmp(Number(v), n))
  }
}

function dated(cmp: (a: number, b: number) => boolean): OperatorDef['build'] {
  return (values) => {
    const times = values.map((v) => parsePolicyDate(v) as number)
    return (v) => {
      const t = parsePolicyDate(v)
      return t !== undefined && times.some((p) => cmp(t, p))
    }
  }
}

const eq = (a: number, b: number) => a === b
const lt = (a: number, b: number) => a < b
const le = (a: number, b: number) => a <= b
const gt = (a: number, b: number) => a > b
const ge = (a: number, b: number) => a >= b

const stringEquals: OperatorDef['build'] = (values) => {
  const set = new Set(values)
  return (v) => set.has(v)
}
const stringEqualsIgnoreCase: OperatorDef['build'] = (values) => {
  const set = new Set(values.map((s) => s.toLowerCase()))
  return (v) => set.has(v.toLowerCase())
}
const stringLike: OperatorDef['build'] = (values) => {
  const ms: Matcher[] = values.map((p) => compileWildcard(p))
  return (v) => ms.some((m) => m(v))
}
const bool: OperatorDef['build'] = (values) => {
  const set = new Set(values.map((s) => s.toLowerCase()))
  return (v) => set.has(v.toLowerCase())
}
const ipAddress: OperatorDef['build'] = (values) => {
  const list = new BlockList()
  for (const entry of values) {
    const [address, prefix] = entry.split('/') as [string, string | undefined]
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6'
    if (prefix === undefined) list.addAddress(address, type)
    else list.addSubnet(address, Number(prefix), type)
  }
  return (v) => {
    const version = isIP(v)
    return version !== 0 && list.check(v, version === 4 ? 'ipv4' : 'ipv6')
  }
}

const OPERATORS: Readonly<Record<string, OperatorDef>> = {
  StringEquals: { family: 'string', negated: false, build: stringEquals },
  StringNotEquals: { family: 'string', negated: true, build: stringEquals },
  StringEqualsIgnoreCase: { family: 'string', negated: false, build: stringEqualsIgnoreCase },
  StringNotEqualsIgnoreCase: { family: 'string', negated: true, build: stringEqualsIgnoreCase },
  StringLike: { family: 'string', negated: false, build: stringLike },
  StringNotLike: { family: 'string', negated: true, build: stringLike },
  NumericEquals: { family: 'numeric', negated: false, build: numeric(eq) },
  NumericNotEquals: { family: 'numeric', negated: true, build: numeric(eq) },
  NumericLessThan: { family: 'numeric', negated: false, build: numeric(lt) },
  NumericLessThanEquals: { family: 'numeric', negated: false, build: numeric(le) },
  NumericGreaterThan: { family: 'numeric', negated: false, build: numeric(gt) },
  NumericGreaterThanEquals: { family: 'numeric', negated: false, build: numeric(ge) },
  DateEquals: { family: 'date', negated: false, build: dated(eq) },
  DateNotEquals: { family: 'date', negated: true, build: dated(eq) },
  DateLessThan: { family: 'date', negated: false, build: dated(lt) },
  DateLessThanEquals: { family: 'date', negated: false, build: dated(le) },
  DateGreaterThan: { family: 'date', negated: false, build: dated(gt) },
  DateGreaterThanEquals: { family: 'date', negated: false, build: dated(ge) },
  Bool: { family: 'bool', negated: false, build: bool },
  IpAddress: { family: 'ip', negated: false, build: ipAddress },
  NotIpAddress: { family: 'ip', negated: true, build: ipAddress },
}

export const CONDITION_OPERATORS: readonly string[] = Object.keys(OPERATORS)

/** Why a policy value does not fit the operator's family, or undefined. */
function valueProblem(family: Family, v: string): string | undefined {
  switch (family) {
    case 'numeric':
      return NUMBER.test(v) ? undefined : `"${v.slice(0, 64)}" is not a number.`
    case 'date':
      return parsePolicyDate(v) === undefined ? `"${v.slice(0, 64)}" is not an ISO 8601 date-time with a zone, or epoch seconds.` : undefined
    case 'bool':
      return /^(true|false)$/i.test(v) ? undefined : `"${v.slice(0, 64)}" is not true or false.`
    case 'ip':
      return sourceIpProblem(v)
    default:
      return undefined
  }
}

function scalarText(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'boolean' ? String(v) : undefined
}

/** Compiles one statement's Condition object; throws MalformedPolicyDocument naming `where`. */
export function compileConditions(raw: unknown, where: string): { normalised: Record<string, Record<string, string[]>>; compiled: CompiledCondition[] } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw KmsErrors.malformedPolicy(`${where}.Condition must be an object.`)
  const normalised: Record<string, Record<string, string[]>> = {}
  const compiled: CompiledCondition[] = []
  for (const [operator, block] of Object.entries(raw as Record<string, unknown>)) {
    const def = Object.hasOwn(OPERATORS, operator) ? OPERATORS[operator] : undefined
    if (!def) throw KmsErrors.malformedPolicy(`${where}.Condition: unknown operator "${operator.slice(0, 64)}".`)
    if (block === null || typeof block !== 'object' || Array.isArray(block) || Object.keys(block).length === 0)
      throw KmsErrors.malformedPolicy(`${where}.Condition.${operator} must be a non-empty object of condition keys.`)
    const keys: Record<string, string[]> = {}
    for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
      if (key.length === 0 || key.length > 256) throw KmsErrors.malformedPolicy(`${where}.Condition.${operator}: a condition key must be 1 to 256 characters.`)
      const list = Array.isArray(value) ? value : [value]
      if (list.length === 0) throw KmsErrors.malformedPolicy(`${where}.Condition.${operator}.${key} has no value.`)
      const texts: string[] = []
      for (const item of list) {
        const t = scalarText(item)
        if (t === undefined) throw KmsErrors.malformedPolicy(`${where}.Condition.${operator}.${key}: values must be strings, numbers or booleans.`)
        const problem = valueProblem(def.family, t)
        if (problem) throw KmsErrors.malformedPolicy(`${where}.Condition.${operator}.${key}: ${problem}`)
        texts.push(t)
      }
      keys[key] = texts
      const positive = def.build(texts)
      const test = def.negated
        ? (vs: readonly string[] | undefined) => vs === undefined || !vs.some(positive)
        : (vs: readonly string[] | undefined) => vs !== undefined && vs.some(positive)
      compiled.push({ operator, key: normaliseConditionKey(key), test })
    }
    normalised[operator] = keys
  }
  return { normalised, compiled }
}

/** Normalises a request's condition values once per request (keys as in normaliseConditionKey). */
export function conditionValues(conditions: Readonly<Record<string, string | readonly string[]>>): ConditionValues {
  const map = new Map<string, readonly string[]>()
  for (const [k, v] of Object.entries(conditions)) {
    const list = typeof v === 'string' ? [v] : v
    if (!Array.isArray(list)) continue
    const key = normaliseConditionKey(k)
    const prev = map.get(key)
    map.set(key, prev ? [...prev, ...list] : list)
  }
  return map
}
