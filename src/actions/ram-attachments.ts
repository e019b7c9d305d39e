/** Attaching policies to users, groups and roles: one implementation behind the nine RAM actions. */
import type { ActionContext } from './define-action.js'
import type { RamPolicyType, RamPrincipalType, Repos } from '../store/store.js'
import { KmsError } from '../domain/errors.js'
import { formatUtc } from '../domain/time.js'
import { findPolicy, identityChanged, requireGroup, requirePolicy, requireRole, requireUser } from '../services/identity/directory.js'

async function requirePrincipal(repos: Repos, type: RamPrincipalType, name: string): Promise<string> {
  if (type === 'User') return (await requireUser(repos, name)).userName
  if (type === 'Group') return (await requireGroup(repos, name)).groupName
  return (await requireRole(repos, name)).roleName
}

export async function attachPolicy(ctx: ActionContext, type: RamPrincipalType, name: string, policyType: RamPolicyType, policyName: string): Promise<void> {
  await ctx.store.tx(async (tx) => {
    const principalName = await requirePrincipal(tx, type, name)
    await requirePolicy(tx, policyType, policyName)
    const attached = await tx.identity.attachments.attach({ principalType: type, principalName, policyType, policyName, attachedAt: ctx.clock.now() })
    if (!attached) throw new KmsError('EntityAlreadyExists.Policy.Attachment', `The policy ${policyName} is already attached to the ${type.toLowerCase()} ${name}.`)
    await identityChanged(tx, principalName)
  })
}

export async function detachPolicy(ctx: ActionContext, type: RamPrincipalType, name: string, policyType: RamPolicyType, policyName: string): Promise<void> {
  await ctx.store.tx(async (tx) => {
    const principalName = await requirePrincipal(tx, type, name)
    await requirePolicy(tx, policyType, policyName)
    if (!(await tx.identity.attachments.detach(type, principalName, policyType, policyName)))
      throw new KmsError('EntityNotExist.Policy.Attachment', `The policy ${policyName} is not attached to the ${type.toLowerCase()} ${name}.`)
    await identityChanged(tx, principalName)
  })
}

export async function listPoliciesFor(ctx: ActionContext, type: RamPrincipalType, name: string) {
  const principalName = await requirePrincipal(ctx.store, type, name)
  const policies = []
  for (const a of await ctx.store.identity.attachments.ofPrincipal(type, principalName)) {
    const p = await findPolicy(ctx.store, a.policyType, a.policyName)
    policies.push({
      PolicyName: a.policyName,
      PolicyType: a.policyType,
      Description: p?.description ?? '',
      DefaultVersion: p?.defaultVersion ?? '',
      AttachDate: formatUtc(a.attachedAt),
    })
  }
  return { Policies: { Policy: policies } }
}
