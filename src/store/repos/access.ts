/**
 * Application access (spec kms-openapi §6.10): network rules, policies, application access points (AAPs) and
 * their client keys. References are kept by the store itself (checked before writing, with foreign keys behind),
 * so no writer in any process can leave a policy naming a deleted network rule, an AAP naming a deleted policy, or
 * a client key of a deleted AAP: such a write throws `ReferenceViolation`. Names are compared byte-wise (case-sensitive).
 * Writers announce changes on topic 'access' with ids `networkRule:<name>`, `policy:<name>`, `aap:<name>` and
 * `clientKey:<id>` (see `accessChangeId`).
 */
import type { Page, PageRequest } from './page.js'

export interface NetworkRuleRecord {
  name: string
  type: 'Private'
  /** IPv4/IPv6 addresses and CIDR blocks, in the caller's order and spelling. */
  sourcePrivateIps: string[]
  description: string
  createdAt: number
  updatedAt: number
}

export interface AccessPolicyRecord {
  name: string
  description: string
  /** The KMS instance the policy is scoped to (`kst-…`). */
  kmsInstance: string
  /** Permission templates, e.g. `RbacPermission/Template/CryptoServiceKeyUser`. */
  permissions: string[]
  /** Resource patterns, e.g. `key/*`, `secret/app-*`. */
  resources: string[]
  /** Names of the network rules the policy restricts callers to (none: no address restriction), in order. */
  networkRules: string[]
  /** AccessControlRules exactly as the caller sent it, '' when not given; Describe/Create echo it. */
  accessControlRulesText: string
  createdAt: number
  updatedAt: number
}

export interface AapRecord {
  name: string
  description: string
  authenticationMethod: 'ClientKey'
  /** Names of its policies (1 to 3), in order. */
  policies: string[]
  createdAt: number
  updatedAt: number
}

export interface ClientKeyRecord {
  /** `KAAP.<uuid>`. */
  clientKeyId: string
  aapName: string
  keyAlgorithm: 'RSA_2048'
  keyOrigin: 'KMS_PROVIDED'
  /** The client key's X.509 certificate (PEM). The private key and its password are never stored. */
  certificatePem: string
  notBefore: number
  notAfter: number
  createdAt: number
}

export type NetworkRulePatch = Partial<Pick<NetworkRuleRecord, 'sourcePrivateIps' | 'description'>> & { updatedAt: number }
export type AccessPolicyPatch = Partial<
  Pick<AccessPolicyRecord, 'description' | 'permissions' | 'resources' | 'networkRules' | 'accessControlRulesText'>
> & { updatedAt: number }
export type AapPatch = Partial<Pick<AapRecord, 'description' | 'policies'>> & { updatedAt: number }

export interface NetworkRuleRepo {
  /** UniqueViolation if the name exists. */
  insert(rule: NetworkRuleRecord): Promise<void>
  get(name: string): Promise<NetworkRuleRecord | undefined>
  /** The rules that exist among `names` (any order). */
  getMany(names: readonly string[]): Promise<NetworkRuleRecord[]>
  /** Returns false if the rule does not exist. */
  update(name: string, patch: NetworkRulePatch): Promise<boolean>
  /** Returns false if it did not exist; ReferenceViolation (nothing deleted) while a policy names it. */
  delete(name: string): Promise<boolean>
  /** Ordered by name. */
  list(page: PageRequest): Promise<Page<NetworkRuleRecord>>
  /** Names of the policies that name this rule, ordered. */
  usedBy(name: string): Promise<string[]>
}

export interface AccessPolicyRepo {
  /** UniqueViolation if the name exists; ReferenceViolation if a named network rule does not. */
  insert(policy: AccessPolicyRecord): Promise<void>
  get(name: string): Promise<AccessPolicyRecord | undefined>
  /** The policies that exist among `names` (any order). */
  getMany(names: readonly string[]): Promise<AccessPolicyRecord[]>
  /** Returns false if the policy does not exist; ReferenceViolation if a named network rule does not. */
  update(name: string, patch: AccessPolicyPatch): Promise<boolean>
  /** Returns false if it did not exist; ReferenceViolation (nothing deleted) while an AAP names it. */
  delete(name: string): Promise<boolean>
  /** Ordered by name. */
  list(page: PageRequest): Promise<Page<AccessPolicyRecord>>
  /** Names of the AAPs that name this policy, ordered. */
  usedBy(name: string): Promise<string[]>
}

export interface AapRepo {
  /** UniqueViolation if the name exists; ReferenceViolation if a named policy does not. */
  insert(aap: AapRecord): Promise<void>
  get(name: string): Promise<AapRecord | undefined>
  /**
   * Locks the AAP's row until the transaction ends (a no-op update), so counting its client keys and adding one
   * cannot interleave with another writer doing the same; returns false if the AAP does not exist.
   */
  lock(name: string): Promise<boolean>
  /** Returns false if the AAP does not exist; ReferenceViolation if a named policy does not. */
  update(name: string, patch: AapPatch): Promise<boolean>
  /** Removes the AAP with its client keys (as Alibaba does); returns false if it did not exist. */
  delete(name: string): Promise<boolean>
  /** Ordered by name. */
  list(page: PageRequest): Promise<Page<AapRecord>>
}

export interface ClientKeyRepo {
  /** UniqueViolation if the id exists; ReferenceViolation if the AAP does not. */
  insert(key: ClientKeyRecord): Promise<void>
  get(clientKeyId: string): Promise<ClientKeyRecord | undefined>
  delete(clientKeyId: string): Promise<boolean>
  /** Ordered by creation time, then id; only the AAP's keys when `aapName` is given. */
  list(aapName?: string): Promise<ClientKeyRecord[]>
  countForAap(aapName: string): Promise<number>
}

/** The four repositories of application access, one `Repos` property. */
export interface AccessRepos {
  readonly networkRules: NetworkRuleRepo
  readonly policies: AccessPolicyRepo
  readonly aaps: AapRepo
  readonly clientKeys: ClientKeyRepo
}

/**
 * Thrown when a write would leave a reference dangling: `missing` when it names an object that does not exist,
 * `inUse` when it deletes an object others still name (`by`). Nothing is written; inside a transaction the
 * caller must abandon it (PostgreSQL aborts it anyway).
 */
export class ReferenceViolation extends Error {
  constructor(
    readonly kind: 'missing' | 'inUse',
    /** The missing or still-referenced object, e.g. `network rule office-lan`. */
    readonly what: string,
    /** For `inUse`: who still names it, e.g. `['policy p1']` (may be empty when only the database knew). */
    readonly by: readonly string[] = [],
  ) {
    super(`reference violation: ${what} ${kind === 'missing' ? 'does not exist' : `is still used${by.length ? ` by ${by.join(', ')}` : ''}`}`)
    this.name = 'ReferenceViolation'
  }
}

/** The id announced on topic 'access' for a change to one object. */
export function accessChangeId(kind: 'networkRule' | 'policy' | 'aap' | 'clientKey', id: string): string {
  return `${kind}:${id}`
}
