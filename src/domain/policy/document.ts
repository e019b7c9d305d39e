/**
 * RAM policy documents, Version "1" (docs/identity.md, "Policy language"): parsed, validated and compiled once.
 * The result keeps the normalised JSON shape (every list an array) for echoing, plus the compiled matchers that
 * `evaluate` uses, so callers cache the parsed document and never re-parse patterns per request.
 *
 * Three kinds share the grammar: identity policies (CreatePolicy; no Principal, Resource required, at most
 * 6144 characters), resource policies (key and secret policies; Principal required, Resource "*", at most
 * 32768 bytes) and trust policies (a role's AssumeRolePolicyDocument; Principal required, Resource optional).
 */
import { KmsError, KmsErrors } from '../errors.js'
import { compileConditions, type CompiledCondition } from './conditions.js'
import { compilePatterns, matchesAny, type PatternSet } from './wildcard.js'

export type PolicyKind = 'identity' | 'resource' | 'trust'

/** How a statement's Principal relates to the caller: named directly, through its account, or not at all. */
export type PrincipalMatch = 'direct' | 'account' | 'none'

/** The caller as principal elements name it. */
export interface PolicySubject {
  readonly accountId: string
  readonly isRoot: boolean
  /** Principal ARNs the caller answers to (`acs:ram::<account>:user/<name>`, `…:role/<role>`, `…:assumed-role/<role>/<session>`). */
  readonly names: readonly string[]
}

export interface CompiledStatement {
  readonly allow: boolean
  readonly actions?: PatternSet
  readonly notActions?: PatternSet
  /** Absent: every resource (trust policies without Resource). */
  readonly resources?: PatternSet
  readonly principal?: (subject: PolicySubject) => PrincipalMatch
  readonly conditions: readonly CompiledCondition[]
}

export interface PolicyStatement {
  readonly Sid?: string
  readonly Effect: 'Allow' | 'Deny'
  readonly Action?: readonly string[]
  readonly NotAction?: readonly string[]
  readonly Resource?: readonly string[]
  readonly Principal?: '*' | Readonly<Record<string, readonly string[]>>
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>
  /** The compiled form (not enumerable, so not part of the JSON). */
  readonly compiled: CompiledStatement
}

export interface PolicyDocument {
  Version: '1'
  Statement: PolicyStatement[]
}

/** RAM's limit on PolicyDocument (CreatePolicy, CreatePolicyVersion). */
export const MAX_IDENTITY_POLICY_CHARS = 6144
/** KMS's limit on key and secret policies. */
export const MAX_RESOURCE_POLICY_BYTES = 32768
/** Bounds RAM does not document; generous for hand-written documents, small enough to bound evaluation. */
export const MAX_STATEMENTS = 128
export const MAX_DEPTH = 8
const MAX_ELEMENT_LENGTH = 1024

const STATEMENT_KEYS: Readonly<Record<PolicyKind, ReadonlySet<string>>> = {
  identity: new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'Condition']),
  resource: new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'Condition', 'Principal']),
  trust: new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'Condition', 'Principal']),
}
const PRINCIPAL_TYPES: Readonly<Record<PolicyKind, readonly string[]>> = {
  identity: [],
  resource: ['RAM'],
  trust: ['RAM', 'Service', 'Federated'],
}
const SID = /^[A-Za-z0-9_/+=.@ -]{0,128}$/
const CONTROL = /[\u0000-\u001f\u007f]/

/** The deepest nesting of objects and arrays, found in one linear pass before JSON.parse sees the text. */
function nestingDepth(text: string): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92 /* \ */) i++
      else if (c === 34 /* " */) inString = false
    } else if (c === 34) inString = true
    else if (c === 123 || c === 91) max = Math.max(max, ++depth)
    else if (c === 125 || c === 93) depth--
  }
  return max
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** The account a RAM principal names as a whole (`acs:ram::<id>:root`, `acs:ram::<id>:*`, or a bare id). */
function accountOf(entry: string): string | undefined {
  const m = /^acs:ram::(\d+):(?:root|\*)$/.exec(entry) ?? /^(\d+)$/.exec(entry)
  return m?.[1]
}

function compilePrincipal(entries: readonly string[]): (s: PolicySubject) => PrincipalMatch {
  const accounts = new Set<string>()
  const named: string[] = []
  let everyone = false
  for (const e of entries) {
    if (e === '*') everyone = true
    else {
      const account = accountOf(e)
      if (account !== undefined) accounts.add(account)
      else named.push(e)
    }
  }
  const names = compilePatterns(named)
  return (s) => {
    if (everyone) return 'direct'
    if (s.names.some((n) => matchesAny(names, n))) return 'direct'
    // The account principal is the account itself (its root identity), and delegates to the account's own
    // RAM policies for its users and roles.
    if (accounts.has(s.accountId)) return s.isRoot ? 'direct' : 'account'
    return 'none'
  }
}

interface Parser {
  kind: PolicyKind
  fail(why: string): KmsError
}

function stringList(p: Parser, v: unknown, where: string, check: (s: string) => string | undefined): string[] {
  const list = typeof v === 'string' ? [v] : v
  if (!Array.isArray(list) || list.length === 0) throw p.fail(`${where} must be a string or a non-empty list of strings.`)
  for (const s of list) {
    if (typeof s !== 'string' || s.length === 0 || s.length > MAX_ELEMENT_LENGTH || CONTROL.test(s))
      throw p.fail(`${where} must hold strings of 1 to ${MAX_ELEMENT_LENGTH} printable characters.`)
    const problem = check(s)
    if (problem) throw p.fail(`${where}: ${problem}`)
  }
  return list as string[]
}

const actionProblem = (kind: PolicyKind) => (a: string) => {
  if (a === '*') return undefined
  if (!/^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_.-]+$/.test(a)) return `"${a.slice(0, 64)}" is not an action (<service>:<ApiName>, wildcards allowed).`
  if (kind === 'resource' && !/^kms:/i.test(a)) return `"${a.slice(0, 64)}" is not a kms: action.`
  return undefined
}

function parseStatement(p: Parser, raw: unknown, i: number): PolicyStatement {
  const where = `Statement[${i}]`
  if (!isPlainObject(raw)) throw p.fail(`${where} must be an object.`)
  for (const k of Object.keys(raw)) if (!STATEMENT_KEYS[p.kind].has(k)) throw p.fail(`${where} has an unsupported element "${k.slice(0, 64)}".`)
  if (raw.Sid !== undefined && (typeof raw.Sid !== 'string' || !SID.test(raw.Sid)))
    throw p.fail(`${where}.Sid must be at most 128 letters, digits, spaces or _ / + = . @ -.`)
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') throw p.fail(`${where}.Effect must be Allow or Deny.`)
  if ((raw.Action === undefined) === (raw.NotAction === undefined)) throw p.fail(`${where} must have exactly one of Action and NotAction.`)
  const Action = raw.Action === undefined ? undefined : stringList(p, raw.Action, `${where}.Action`, actionProblem(p.kind))
  const NotAction = raw.NotAction === undefined ? undefined : stringList(p, raw.NotAction, `${where}.NotAction`, actionProblem(p.kind))
  if (raw.Resource === undefined && p.kind !== 'trust') throw p.fail(`${where}.Resource is required.`)
  const Resource =
    raw.Resource === undefined
      ? undefined
      : stringList(p, raw.Resource, `${where}.Resource`, (r) =>
          p.kind === 'resource' && r !== '*' ? 'a key or secret policy applies to its own resource: Resource must be "*".' : undefined,
        )
  let Principal: PolicyStatement['Principal']
  let principalEntries: string[] | undefined
  if (p.kind === 'identity') {
    // STATEMENT_KEYS already refused Principal.
  } else if (raw.Principal === '*') {
    Principal = '*'
    principalEntries = ['*']
  } else {
    if (!isPlainObject(raw.Principal) || Object.keys(raw.Principal).length === 0)
      throw p.fail(`${where}.Principal is required: "*" or {${PRINCIPAL_TYPES[p.kind].map((t) => `"${t}": […]`).join(', ')}}.`)
    const out: Record<string, string[]> = {}
    principalEntries = []
    for (const [type, value] of Object.entries(raw.Principal)) {
      if (!PRINCIPAL_TYPES[p.kind].includes(type)) throw p.fail(`${where}.Principal has an unsupported type "${type.slice(0, 64)}".`)
      out[type] = stringList(p, value, `${where}.Principal.${type}`, (s) =>
        type === 'RAM' && s !== '*' && !s.startsWith('acs:ram:') && !/^\d+$/.test(s) ? `"${s.slice(0, 64)}" is not a RAM principal (acs:ram::<account>:…).` : undefined,
      )
      principalEntries.push(...out[type]!)
    }
    Principal = out
  }
  const cond = raw.Condition === undefined ? undefined : compileConditions(raw.Condition, where)
  const compiled: CompiledStatement = {
    allow: raw.Effect === 'Allow',
    ...(Action && { actions: compilePatterns(Action, true) }),
    ...(NotAction && { notActions: compilePatterns(NotAction, true) }),
    ...(Resource && { resources: compilePatterns(Resource) }),
    ...(principalEntries && { principal: compilePrincipal(principalEntries) }),
    conditions: cond?.compiled ?? [],
  }
  const statement = {
    ...(raw.Sid !== undefined && { Sid: raw.Sid as string }),
    Effect: raw.Effect,
    ...(Action && { Action }),
    ...(NotAction && { NotAction }),
    ...(Resource && { Resource }),
    ...(Principal && { Principal }),
    ...(cond && { Condition: cond.normalised }),
  }
  // Not enumerable: JSON.stringify of a parsed document gives the normalised policy and nothing else.
  return Object.defineProperty(statement, 'compiled', { value: compiled, enumerable: false }) as PolicyStatement
}

export interface ParseOptions {
  /** identity (default), resource (key/secret policy) or trust (role trust policy). */
  kind?: PolicyKind
  /** The request parameter named in errors of resource policies (KMS reports those as InvalidParameter). */
  param?: string
}

/**
 * Parses and compiles a policy document. Malformed identity and trust policies throw MalformedPolicyDocument
 * (RAM's code); malformed key and secret policies throw InvalidParameter naming `param` (KMS's code).
 */
export function parsePolicyDocument(text: string, options: ParseOptions = {}): PolicyDocument {
  const kind = options.kind ?? 'identity'
  const param = options.param ?? 'Policy'
  const p: Parser = {
    kind,
    fail: kind === 'resource' ? (why) => KmsErrors.invalidParameter(param, why) : (why) => KmsErrors.malformedPolicy(why),
  }
  if (typeof text !== 'string' || text.length === 0) throw p.fail('The document is empty.')
  if (kind === 'resource' ? Buffer.byteLength(text, 'utf8') > MAX_RESOURCE_POLICY_BYTES : text.length > MAX_IDENTITY_POLICY_CHARS)
    throw p.fail(kind === 'resource' ? `It must be at most ${MAX_RESOURCE_POLICY_BYTES} bytes.` : `It must be at most ${MAX_IDENTITY_POLICY_CHARS} characters.`)
  if (nestingDepth(text) > MAX_DEPTH) throw p.fail(`It nests deeper than ${MAX_DEPTH} levels.`)
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw p.fail('It must be valid JSON.')
  }
  if (!isPlainObject(doc)) throw p.fail('It must be a JSON object.')
  for (const k of Object.keys(doc)) if (k !== 'Version' && k !== 'Statement') throw p.fail(`Unsupported element "${k.slice(0, 64)}".`)
  if (doc.Version !== '1') throw p.fail('Version must be "1".')
  if (!Array.isArray(doc.Statement) || doc.Statement.length === 0) throw p.fail('Statement must be a non-empty list.')
  if (doc.Statement.length > MAX_STATEMENTS) throw p.fail(`At most ${MAX_STATEMENTS} statements are allowed.`)
  return { Version: '1', Statement: doc.Statement.map((s, i) => parseStatement(p, s, i)) }
}

/** The normalised document as JSON (the compiled parts are not enumerable, so they never appear). */
export function policyJson(doc: PolicyDocument): string {
  return JSON.stringify(doc)
}
