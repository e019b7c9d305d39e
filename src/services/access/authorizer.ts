/**
 * Authorisation of instance-API calls (spec kms-instance-api §4): client key → its application access point →
 * that AAP's policies scoped to this instance → permission template, resource pattern and network rules. The
 * decision itself is pure (domain/access-policy.ts); this loads what it needs from the store.
 * Changes to any of these objects are announced on topic 'access', so a caller that caches the loaded grants
 * (keyed by client key id) can drop them on every such notice.
 */
import type { Repos } from '../../store/store.js'
import type { ClientKeyRecord } from '../../store/repos/access.js'
import type { Runtime } from '../context.js'
import { KmsErrors } from '../../domain/errors.js'
import { decideAccess, type GrantingPolicy, type Permission } from '../../domain/access-policy.js'

export interface InstanceCall {
  clientKeyId: string
  permission: Permission
  /**
   * The names of the one object the call touches; a policy granting any of them grants the call. For a key used
   * by alias, pass both `key/<keyId>` and `key/alias/<name>`; for a secret, `secret/<name>`. The first one names
   * the resource in the Forbidden.NoPermission message.
   */
  resources: string[]
  /** The caller's address as the instance API saw it (IPv4, IPv6 or IPv4-mapped IPv6). */
  sourceIp: string
  now: number
}

export interface ClientKeyGrants {
  clientKey: ClientKeyRecord
  policies: GrantingPolicy[]
}

/** The client key with its AAP's policies and their network rules resolved; undefined for an unknown key. */
export async function loadClientKeyGrants(repos: Repos, clientKeyId: string): Promise<ClientKeyGrants | undefined> {
  const clientKey = await repos.access.clientKeys.get(clientKeyId)
  if (!clientKey) return undefined
  const aap = await repos.access.aaps.get(clientKey.aapName)
  const policies = aap ? await repos.access.policies.getMany(aap.policies) : []
  const ruleNames = [...new Set(policies.flatMap((p) => p.networkRules))]
  const rules = new Map((await repos.access.networkRules.getMany(ruleNames)).map((r) => [r.name, r]))
  return {
    clientKey,
    policies: policies.map((p) => ({
      name: p.name,
      kmsInstance: p.kmsInstance,
      permissions: p.permissions,
      resources: p.resources,
      networkRules: p.networkRules.map((name) => ({ name, sourcePrivateIps: rules.get(name)?.sourcePrivateIps ?? [] })),
    })),
  }
}

/**
 * Resolves when the client key may make the call, else throws Forbidden.NoPermission (403) naming the first
 * resource: for an unknown client key, one outside [NotBefore, NotAfter], or no granting policy. Alibaba folds
 * address denials into the same code. GetSecretValue also needs CryptoServiceKeyUser on the secret's key; the
 * caller makes that second check.
 */
export async function authorizeInstanceCall(rt: Pick<Runtime, 'store' | 'instanceId' | 'log'>, call: InstanceCall): Promise<void> {
  const resource = call.resources[0] ?? ''
  const grants = await loadClientKeyGrants(rt.store, call.clientKeyId)
  const decision = grants
    ? decideAccess({ ...call, instanceId: rt.instanceId, clientKey: grants.clientKey, policies: grants.policies })
    : ({ allowed: false, reason: 'the client key does not exist' } as const)
  if (!decision.allowed) {
    rt.log.debug({ clientKeyId: call.clientKeyId, resource, reason: decision.reason }, 'instance call refused')
    throw KmsErrors.noPermission(resource)
  }
}
