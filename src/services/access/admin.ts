/**
 * Network rules, policies and application access points: creation, updates and deletion, each in one store
 * transaction, so references are checked and written together and concurrent writers cannot break them. The
 * store refuses dangling references itself (ReferenceViolation); this maps its refusals to Alibaba's codes.
 */
import type { Repos } from '../../store/store.js'
import { ReferenceViolation, UniqueViolation, accessChangeId } from '../../store/store.js'
import type { AapRecord, AccessPolicyRecord, NetworkRuleRecord } from '../../store/repos/access.js'
import type { Runtime } from '../context.js'
import { KmsErrors } from '../../domain/errors.js'

/**
 * Runs `fn` in a transaction and translates store refusals: a duplicate name → Rejected.ResourceExist (409),
 * a missing referenced object → Forbidden.ResourceNotFound (404), deleting a referenced one →
 * Rejected.ResourceInUse (409) naming its users.
 */
export async function inAccessTx<T>(rt: Pick<Runtime, 'store'>, fn: (tx: Repos) => Promise<T>): Promise<T> {
  try {
    return await rt.store.tx(fn)
  } catch (e) {
    if (e instanceof UniqueViolation) throw KmsErrors.resourceExists(e.what)
    if (e instanceof ReferenceViolation)
      throw e.kind === 'missing'
        ? KmsErrors.resourceNotFound(e.what)
        : KmsErrors.resourceInUse(e.what, e.by.length > 0 ? e.by.join(', ') : 'other objects')
    throw e
  }
}

export async function requireNetworkRule(repos: Repos, name: string): Promise<NetworkRuleRecord> {
  const rule = await repos.access.networkRules.get(name)
  if (!rule) throw KmsErrors.resourceNotFound(`network rule ${name}`)
  return rule
}

export async function requirePolicy(repos: Repos, name: string): Promise<AccessPolicyRecord> {
  const policy = await repos.access.policies.get(name)
  if (!policy) throw KmsErrors.resourceNotFound(`policy ${name}`)
  return policy
}

export async function requireAap(repos: Repos, name: string): Promise<AapRecord> {
  const aap = await repos.access.aaps.get(name)
  if (!aap) throw KmsErrors.resourceNotFound(`application access point ${name}`)
  return aap
}

export async function createNetworkRule(
  rt: Runtime,
  spec: Pick<NetworkRuleRecord, 'name' | 'sourcePrivateIps' | 'description'>,
): Promise<NetworkRuleRecord> {
  const now = rt.clock.now()
  const rule: NetworkRuleRecord = { ...spec, type: 'Private', createdAt: now, updatedAt: now }
  return inAccessTx(rt, async (tx) => {
    await tx.access.networkRules.insert(rule)
    await tx.notify('access', accessChangeId('networkRule', rule.name))
    return rule
  })
}

export async function updateNetworkRule(rt: Runtime, name: string, patch: { sourcePrivateIps?: string[]; description?: string }): Promise<void> {
  await inAccessTx(rt, async (tx) => {
    if (!(await tx.access.networkRules.update(name, { ...patch, updatedAt: rt.clock.now() }))) throw KmsErrors.resourceNotFound(`network rule ${name}`)
    await tx.notify('access', accessChangeId('networkRule', name))
  })
}

/** Refused with Rejected.ResourceInUse while a policy names the rule. */
export async function deleteNetworkRule(rt: Runtime, name: string): Promise<void> {
  await inAccessTx(rt, async (tx) => {
    if (!(await tx.access.networkRules.delete(name))) throw KmsErrors.resourceNotFound(`network rule ${name}`)
    await tx.notify('access', accessChangeId('networkRule', name))
  })
}

/**
 * The instance a policy is scoped to: openkms serves one KMS instance, so KmsInstance defaults to it and any other
 * id names an instance that does not exist here (Forbidden.ResourceNotFound).
 */
export function policyScope(rt: Pick<Runtime, 'instanceId'>, kmsInstance: string | undefined): string {
  if (kmsInstance !== undefined && kmsInstance !== rt.instanceId) throw KmsErrors.resourceNotFound(`KMS instance ${kmsInstance}`)
  return rt.instanceId
}

export type NewPolicy = Omit<AccessPolicyRecord, 'createdAt' | 'updatedAt'>

/** Every named network rule must exist (Forbidden.ResourceNotFound naming the first missing one). */
export async function createPolicy(rt: Runtime, spec: NewPolicy): Promise<AccessPolicyRecord> {
  const now = rt.clock.now()
  const policy: AccessPolicyRecord = { ...spec, createdAt: now, updatedAt: now }
  return inAccessTx(rt, async (tx) => {
    if (await tx.access.policies.get(spec.name)) throw KmsErrors.resourceExists(`policy ${spec.name}`)
    await tx.access.policies.insert(policy)
    await tx.notify('access', accessChangeId('policy', policy.name))
    return policy
  })
}

export async function updatePolicy(
  rt: Runtime,
  name: string,
  patch: Partial<Pick<AccessPolicyRecord, 'description' | 'permissions' | 'resources' | 'networkRules' | 'accessControlRulesText'>>,
): Promise<void> {
  await inAccessTx(rt, async (tx) => {
    await requirePolicy(tx, name)
    await tx.access.policies.update(name, { ...patch, updatedAt: rt.clock.now() })
    await tx.notify('access', accessChangeId('policy', name))
  })
}

/** Refused with Rejected.ResourceInUse while an application access point names the policy. */
export async function deletePolicy(rt: Runtime, name: string): Promise<void> {
  await inAccessTx(rt, async (tx) => {
    if (!(await tx.access.policies.delete(name))) throw KmsErrors.resourceNotFound(`policy ${name}`)
    await tx.notify('access', accessChangeId('policy', name))
  })
}

/** Every named policy must exist (Forbidden.ResourceNotFound naming the first missing one). */
export async function createAap(rt: Runtime, spec: Pick<AapRecord, 'name' | 'description' | 'policies'>): Promise<AapRecord> {
  const now = rt.clock.now()
  const aap: AapRecord = { ...spec, authenticationMethod: 'ClientKey', createdAt: now, updatedAt: now }
  return inAccessTx(rt, async (tx) => {
    if (await tx.access.aaps.get(spec.name)) throw KmsErrors.resourceExists(`application access point ${spec.name}`)
    await tx.access.aaps.insert(aap)
    await tx.notify('access', accessChangeId('aap', aap.name))
    return aap
  })
}

export async function updateAap(rt: Runtime, name: string, patch: { policies?: string[]; description?: string }): Promise<void> {
  await inAccessTx(rt, async (tx) => {
    await requireAap(tx, name)
    await tx.access.aaps.update(name, { ...patch, updatedAt: rt.clock.now() })
    await tx.notify('access', accessChangeId('aap', name))
  })
}

/**
 * Deletes the AAP together with its client keys, as Alibaba documents ("after an AAP is deleted, all the client
 * keys that are bound to the AAP are deleted"); each removed client key is announced so caches drop it at once.
 */
export async function deleteAap(rt: Runtime, name: string): Promise<void> {
  await inAccessTx(rt, async (tx) => {
    const keys = await tx.access.clientKeys.list(name)
    if (!(await tx.access.aaps.delete(name))) throw KmsErrors.resourceNotFound(`application access point ${name}`)
    await tx.notify('access', accessChangeId('aap', name))
    for (const k of keys) await tx.notify('access', accessChangeId('clientKey', k.clientKeyId))
  })
}
