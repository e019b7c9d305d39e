import { defineAction } from '../define-action.js'
import { roleNameParam } from '../ram-params.js'
import { checkTrustPolicy, maxSessionDurationParam, roleDescriptionParam, trustPolicyParam } from '../ram-roles.js'
import { roleView } from '../ram-views.js'
import { KmsError } from '../../domain/errors.js'
import { UniqueViolation } from '../../store/store.js'
import { findRole, identityChanged } from '../../services/identity/directory.js'
import { newRamId } from '../../services/identity/ids.js'

export const CreateRole = defineAction({
  name: 'CreateRole',
  description: 'Creates a RAM role that the principals its trust policy names may assume through STS AssumeRole.',
  params: {
    RoleName: roleNameParam(),
    AssumeRolePolicyDocument: trustPolicyParam('AssumeRolePolicyDocument'),
    Description: roleDescriptionParam('Description'),
    MaxSessionDuration: maxSessionDurationParam(),
  },
  errors: ['EntityAlreadyExists.Role', 'MalformedPolicyDocument'],
  async handle(q, ctx) {
    checkTrustPolicy(q.AssumeRolePolicyDocument)
    const now = ctx.clock.now()
    const role = {
      roleName: q.RoleName, roleId: newRamId(), description: q.Description ?? '', assumeRolePolicyDocument: q.AssumeRolePolicyDocument,
      maxSessionDuration: q.MaxSessionDuration, createdAt: now, updatedAt: now,
    }
    const exists = () => new KmsError('EntityAlreadyExists.Role', `The role does already exist: ${q.RoleName}.`)
    try {
      await ctx.store.tx(async (tx) => {
        // Role names are unique regardless of case: ARNs carry them lower-cased.
        if (await findRole(tx, q.RoleName)) throw exists()
        await tx.identity.roles.insert(role)
        await identityChanged(tx, role.roleName)
      })
    } catch (e) {
      if (e instanceof UniqueViolation) throw exists()
      throw e
    }
    return { Role: roleView(role, ctx.config.accountId) }
  },
})
