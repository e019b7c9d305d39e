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
   * by alias, pass both `key/<keyId>` and `key/alias/<name>`; for a secret, `secret/<name>`. 'any' is a call on no
   * particular resource (GenerateRandom): granted by any policy that grants the permission on any resource of its
   * kind.
   */
  resources: readonly string[] | 'any'
  /** The caller's address as the instance API saw it (IPv4, IPv6 or IPv4-mapped IPv6). */
  sourceIp: string
  now: number
  /** The resource the refusal names, as the caller wrote it; the first resource when omitted. */
  shown?: string
  /** The request, for the refusal's log line. */
  requestId?: string
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

/** Where the grants come from: the store directly, or the instance API's grant cache in front of it. */
export type GrantLookup = (clientKeyId: string) => Promise<ClientKeyGrants | undefined>

const RESOURCE_KIND: Record<Permission, string> = { CryptoServiceKeyUser: 'key/', CryptoServiceSecretUser: 'secret/' }

/**
 * Resolves when the client key may make the call, else throws Forbidden.NoPermission (403) naming the shown (or
 * first) resource: for an unknown client key, one outside [NotBefore, NotAfter], or no granting policy. Alibaba
 * folds address denials into the same code; the reason is logged. GetSecretValue also needs CryptoServiceKeyUser
 * on the secret's key; the caller makes that second check. The one authorisation path of the instance API: the
 * server calls it with its grant cache as `grants`.
 */
export async function authorizeInstanceCall(
  rt: Pick<Runtime, 'store' | 'instanceId' | 'log'>,
  call: InstanceCall,
  grants: GrantLookup = (clientKeyId) => loadClientKeyGrants(rt.store, clientKeyId),
): Promise<void> {
  const found = await grants(call.clientKeyId)
  const decision = found ? decide(found, call, rt.instanceId) : ({ allowed: false, reason: 'the client key does not exist' } as const)
  if (decision.allowed) return
  const { clientKeyId, permission, resources, sourceIp, requestId } = call
  rt.log.info({ requestId, clientKeyId, permission, resources, sourceIp, reason: decision.reason }, 'instance API call refused')
  throw KmsErrors.noPermission(call.shown ?? (call.resources === 'any' ? '' : (call.resources[0] ?? '')))
}

/**
 * The pure decision (domain/access-policy.ts decideAccess). A call on 'any' resource is asked about every pattern
 * of its kind the policies list, each of which covers itself.
 */
function decide(grants: ClientKeyGrants, call: InstanceCall, instanceId: string): { allowed: boolean; reason?: string } {
  const kind = RESOURCE_KIND[call.permission]
  const resources = call.resources === 'any' ? grants.policies.flatMap((p) => p.resources.filter((r) => r.startsWith(kind))) : [...call.resources]
  return decideAccess({
    instanceId,
    clientKey: grants.clientKey,
    policies: grants.policies,
    permission: call.permission,
    resources,
    sourceIp: call.sourceIp,
    now: call.now,
  })
}
