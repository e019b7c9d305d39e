/**
 * Lookups and writes shared by the RAM actions: existence checks with RAM's error codes, policy resolution
 * (custom or system), and the change notice every identity write sends, which drops cached policies and
 * credentials on every process and node before their next request (docs/storage.md "Change notices").
 */
import type { Repos, RamGroupRecord, RamPolicyType, RamRoleRecord, RamUserRecord } from '../../store/store.js'
import { KmsError } from '../../domain/errors.js'
import { systemPolicy, SYSTEM_POLICY_DATE } from './system-policies.js'

export async function requireUser(repos: Repos, userName: string): Promise<RamUserRecord> {
  const user = await repos.identity.users.get(userName)
  if (!user) throw new KmsError('EntityNotExist.User', `The user does not exist: ${userName}.`)
  return user
}

export async function requireGroup(repos: Repos, groupName: string): Promise<RamGroupRecord> {
  const group = await repos.identity.groups.get(groupName)
  if (!group) throw new KmsError('EntityNotExist.Group', `The group does not exist: ${groupName}.`)
  return group
}

/** Roles are found by name case-insensitively, as RAM lower-cases role names in ARNs. */
export async function findRole(repos: Repos, roleName: string): Promise<RamRoleRecord | undefined> {
  const exact = await repos.identity.roles.get(roleName)
  if (exact) return exact
  const wanted = roleName.toLowerCase()
  let after: string | undefined
  for (;;) {
    const page = await repos.identity.roles.list(after, 500)
    const hit = page.find((r) => r.roleName.toLowerCase() === wanted)
    if (hit || page.length < 500) return hit
    after = page[page.length - 1]!.roleName
  }
}

export async function requireRole(repos: Repos, roleName: string): Promise<RamRoleRecord> {
  const role = await findRole(repos, roleName)
  if (!role) throw new KmsError('EntityNotExist.Role', `The role does not exist: ${roleName}.`)
  return role
}

/** A policy as RAM presents it, custom or system, with its default document. */
export interface ResolvedPolicy {
  policyName: string
  policyType: RamPolicyType
  description: string
  defaultVersion: string
  document: string
  createdAt: number
  updatedAt: number
}

export async function findPolicy(repos: Repos, policyType: RamPolicyType, policyName: string): Promise<ResolvedPolicy | undefined> {
  if (policyType === 'System') {
    const sys = systemPolicy(policyName)
    return sys && {
      policyName: sys.name, policyType, description: sys.description, defaultVersion: 'v1', document: sys.document,
      createdAt: SYSTEM_POLICY_DATE, updatedAt: SYSTEM_POLICY_DATE,
    }
  }
  const rec = await repos.identity.policies.get(policyName)
  if (!rec) return undefined
  const version = await repos.identity.policyVersions.get(policyName, rec.defaultVersion)
  return { ...rec, policyType, document: version?.document ?? '' }
}

export async function requirePolicy(repos: Repos, policyType: RamPolicyType, policyName: string): Promise<ResolvedPolicy> {
  const policy = await findPolicy(repos, policyType, policyName)
  if (!policy) throw new KmsError('EntityNotExist.Policy', `The policy does not exist: ${policyName} (${policyType}).`)
  return policy
}

/** Announces an identity change (users, groups, roles, policies, attachments) to every process. */
export function identityChanged(repos: Repos, name: string): Promise<void> {
  return repos.notify('identity', name)
}
