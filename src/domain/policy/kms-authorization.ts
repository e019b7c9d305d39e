/**
 * The authorisation decision for one control-plane call (docs/identity.md, "Who may do what"):
 * - the account's root identity may do everything, except what a key or secret policy explicitly denies it
 *   (GetKeyPolicy/SetKeyPolicy/GetSecretPolicy/SetSecretPolicy stay allowed so the owner can always repair a
 *   policy);
 * - a RAM user or role session of the owning account is allowed when its RAM policies or the resource's key or
 *   secret policy allow, and nothing denies; a session policy (STS AssumeRole's Policy) must also allow;
 * - a caller of another account needs both its RAM policies and the resource policy to allow.
 * Every resource the call touches (both keys of ReEncrypt, every secret of BatchGetSecretValue) must pass.
 * A refusal is Forbidden.RAM (kms) or NoPermission (ram, sts), identical whether the resource exists or not.
 */
import { Lru } from '../../crypto/lru.js'
import type { ArnScope } from '../arn.js'
import { KmsErrors } from '../errors.js'
import { defaultKeyPolicy } from '../key-policy.js'
import type { Principal } from '../principal.js'
import { defaultSecretPolicy } from '../secret-policy.js'
import { authorizationOf } from './action-resources.js'
import { parsePolicyDocument, type PolicyDocument, type PolicySubject } from './document.js'
import { evaluate, type Decision } from './evaluate.js'
import { resolveTargets, type AuthorizationResolver, type Target } from './targets.js'

export type { AuthorizationResolver } from './targets.js'

export interface AuthorizeInput {
  principal: Principal
  /** The caller's RAM policies (user, its groups; or the role), already parsed. */
  identityPolicies: readonly PolicyDocument[]
  /** STS AssumeRole's Policy for a role session: it narrows, never widens. */
  sessionPolicy?: PolicyDocument
  /** `kms:Encrypt`, `ram:CreateUser`, `sts:AssumeRole`; a bare API name means kms. */
  action: string
  /** The request's parameters as sent (flat: `ResourceId.1`, …). */
  params: Record<string, string>
  /** Global condition keys: `acs:SourceIp`, `acs:CurrentTime`, `acs:SecureTransport`. */
  conditions: Record<string, string | string[]>
  scope: ArnScope
}

/** Actions the root identity keeps whatever a resource policy says, so a policy can never lock the owner out. */
const LOCKOUT_SAFE = new Set(['kms:getkeypolicy', 'kms:setkeypolicy', 'kms:getsecretpolicy', 'kms:setsecretpolicy'])

/** Stored key and secret policies, parsed once per distinct text (bounded). */
const resourcePolicies = new Lru<string, PolicyDocument | null>(2048)

function resourcePolicy(text: string): PolicyDocument | null {
  const cached = resourcePolicies.get(text)
  if (cached !== undefined) return cached
  let doc: PolicyDocument | null
  try {
    doc = parsePolicyDocument(text, { kind: 'resource' })
  } catch {
    // A stored policy that no longer parses (set before policies were evaluated): fail closed below.
    doc = null
  }
  resourcePolicies.set(text, doc)
  return doc
}

/** The names a caller answers to in Principal elements (also for evaluating a role's trust policy). */
export function policySubject(p: Principal): PolicySubject {
  const base = `acs:ram::${p.accountId}:`
  const names =
    p.kind === 'root'
      ? [`${base}root`]
      : p.kind === 'user'
        ? [p.arn, `${base}user/${p.userName ?? ''}`]
        : // Role ARNs carry the name lower-cased (as RAM returns them from GetRole/CreateRole); both forms match.
          [p.arn, `${base}role/${p.roleName ?? ''}`, `${base}role/${(p.roleName ?? '').toLowerCase()}`]
  return { accountId: p.accountId, isRoot: p.kind === 'root', names: [...new Set(names)] }
}

function contextFor(input: AuthorizeInput, target: Target, algorithm: string | undefined) {
  const conditions: Record<string, string | string[]> = { ...input.conditions }
  for (const [k, v] of Object.entries(target.tags)) conditions[`kms:tag/${k}`] = v
  if (algorithm !== undefined) conditions['kms:EncryptionAlgorithm'] = algorithm
  return { action: input.action.includes(':') ? input.action : `kms:${input.action}`, resource: target.arn, conditions }
}

/** The resource policy that governs a target: the stored one, else the default; null when it cannot be read. */
function policyOf(target: Target, accountId: string): PolicyDocument | null | undefined {
  if (target.policyKind === undefined) return undefined
  const text = target.policy ?? (target.policyKind === 'key' ? defaultKeyPolicy(accountId) : defaultSecretPolicy(accountId))
  return resourcePolicy(text)
}

function allowedOn(input: AuthorizeInput, subject: PolicySubject, target: Target, algorithm: string | undefined, resourceAccount: string): boolean {
  const sameAccount = input.principal.accountId === resourceAccount
  // The owner is refused only by an explicit Deny in a stored policy; the default policies hold none, so a
  // resource without a stored policy (most of them) costs the owner no evaluation at all.
  if (input.principal.kind === 'root' && sameAccount && target.policy === undefined) return true
  const ctx = contextFor(input, target, algorithm)
  const policy = policyOf(target, resourceAccount)
  if (input.principal.kind === 'root' && sameAccount) {
    if (!policy || LOCKOUT_SAFE.has(ctx.action.toLowerCase())) return true
    return evaluate([policy], ctx, { subject, accountAllows: true }) !== 'deny'
  }
  if (policy === null) return false
  const identity = evaluate(input.identityPolicies, ctx)
  const resource: Decision = policy ? evaluate([policy], ctx, { subject, accountAllows: !sameAccount }) : 'no-match'
  const session: Decision | undefined = input.sessionPolicy ? evaluate([input.sessionPolicy], ctx) : undefined
  if (identity === 'deny' || resource === 'deny' || session === 'deny') return false
  if (session !== undefined && session !== 'allow') return false
  return sameAccount ? identity === 'allow' || resource === 'allow' : identity === 'allow' && resource === 'allow'
}

/** Throws the RAM denial unless the principal may make this call; resolves the resources through `resolver`. */
export async function authorizeCall(input: AuthorizeInput, resolver: AuthorizationResolver): Promise<void> {
  const found = authorizationOf(input.action)
  const action = found ? `${found.service}:${found.name}` : input.action
  const deny = () => (found?.service === 'kms' || !found ? KmsErrors.ramDenied(action) : KmsErrors.identityDenied(action))
  if (!found) {
    // Not in the table: only the owner may call it (there is nothing to scope a grant to).
    if (input.principal.kind === 'root' && input.principal.accountId === input.scope.accountId) return
    throw deny()
  }
  if (found.entry === 'none') return
  const { entry } = found
  const targets = await resolveTargets(entry.resources, input.params, input.scope, input.principal, resolver)
  const algorithm = entry.algorithm ? (entry.algorithm.param && input.params[entry.algorithm.param]) || entry.algorithm.fallback : undefined
  const subject = policySubject(input.principal)
  for (const target of targets) if (!allowedOn(input, subject, target, algorithm, input.scope.accountId)) throw deny()
}
