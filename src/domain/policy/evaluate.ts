/**
 * Evaluation of compiled policy documents against one request: an explicit Deny anywhere wins, then any Allow,
 * else nothing matched (which callers treat as an implicit deny). Pure and allocation-light: documents come
 * compiled from parsePolicyDocument; the request's condition values are normalised once per context object.
 */
import { conditionValues, type ConditionValues } from './conditions.js'
import type { CompiledStatement, PolicyDocument, PolicySubject } from './document.js'
import { matchesAny, matchesPrepared } from './wildcard.js'

export interface RequestContext {
  /** `kms:Encrypt`, `ram:CreateUser`, `sts:AssumeRole` (compared case-insensitively). */
  action: string
  /** The resource ARN (compared case-sensitively). */
  resource: string
  conditions: Record<string, string | string[]>
}

export type Decision = 'allow' | 'deny' | 'no-match'

const normalised = new WeakMap<object, ConditionValues>()

function valuesOf(ctx: RequestContext): ConditionValues {
  let v = normalised.get(ctx.conditions)
  if (!v) {
    v = conditionValues(ctx.conditions)
    normalised.set(ctx.conditions, v)
  }
  return v
}

export interface SubjectOptions {
  subject: PolicySubject
  /**
   * Whether an Allow that names the caller only through its account grants. False for key and secret policies
   * evaluated for RAM users and roles of the owning account: there the account principal delegates to RAM.
   */
  accountAllows: boolean
}

/** Whether one statement applies to the request (its Effect aside). */
function applies(st: CompiledStatement, action: string, ctx: RequestContext, values: () => ConditionValues, who: SubjectOptions | undefined): boolean {
  // Action sets ignore case: `action` arrives lower-cased.
  if (st.actions ? !matchesPrepared(st.actions, action) : st.notActions !== undefined && matchesPrepared(st.notActions, action)) return false
  if (st.resources && !matchesAny(st.resources, ctx.resource)) return false
  if (st.principal) {
    // A statement with a Principal never applies to a request evaluated without a caller.
    if (!who) return false
    const m = st.principal(who.subject)
    if (m === 'none') return false
    if (m === 'account' && st.allow && !who.accountAllows) return false
  }
  if (st.conditions.length > 0) {
    const v = values()
    for (const c of st.conditions) if (!c.test(v.get(c.key))) return false
  }
  return true
}

/**
 * Evaluates policies for one request. `who` is needed only for documents with a Principal element (key, secret
 * and trust policies); statements with a Principal are skipped without it.
 */
export function evaluate(policies: readonly PolicyDocument[], ctx: RequestContext, who?: SubjectOptions): Decision {
  let allowed = false
  let cached: ConditionValues | undefined
  const values = () => (cached ??= valuesOf(ctx))
  const action = ctx.action.toLowerCase()
  for (const doc of policies)
    for (const st of doc.Statement) {
      const c = st.compiled
      if (!c.allow || !allowed) {
        if (applies(c, action, ctx, values, who)) {
          if (!c.allow) return 'deny'
          allowed = true
        }
      }
    }
  return allowed ? 'allow' : 'no-match'
}
