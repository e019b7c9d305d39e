import { defineAction } from '../define-action.js'
import { roleNameParam } from '../ram-params.js'
import { checkTrustPolicy, newMaxSessionDurationParam, roleDescriptionParam, newTrustPolicyParam } from '../ram-roles.js'
import { roleView } from '../ram-views.js'
import { identityChanged, requireRole } from '../../services/identity/directory.js'

export const UpdateRole = defineAction({
  name: 'UpdateRole',
  description: 'Changes a RAM role’s trust policy, description or longest session.',
  params: {
    RoleName: roleNameParam(),
    NewAssumeRolePolicyDocument: newTrustPolicyParam('NewAssumeRolePolicyDocument'),
    NewDescription: roleDescriptionParam('NewDescription'),
    NewMaxSessionDuration: newMaxSessionDurationParam(),
  },
  errors: ['EntityNotExist.Role', 'MalformedPolicyDocument'],
  async handle(q, ctx) {
    if (q.NewAssumeRolePolicyDocument !== undefined) checkTrustPolicy(q.NewAssumeRolePolicyDocument)
    const role = await ctx.store.tx(async (tx) => {
      const old = await requireRole(tx, q.RoleName)
      const updated = {
        ...old,
        assumeRolePolicyDocument: q.NewAssumeRolePolicyDocument ?? old.assumeRolePolicyDocument,
        description: q.NewDescription ?? old.description,
        maxSessionDuration: q.NewMaxSessionDuration ?? old.maxSessionDuration,
        updatedAt: ctx.clock.now(),
      }
      await tx.identity.roles.update(updated)
      await identityChanged(tx, old.roleName)
      return updated
    })
    return { Role: roleView(role, ctx.config.accountId) }
  },
})
