import { defineAction } from '../define-action.js'
import { roleNameParam, policyNameParam, policyTypeParam } from '../ram-params.js'
import { detachPolicy } from '../ram-attachments.js'

export const DetachPolicyFromRole = defineAction({
  name: 'DetachPolicyFromRole',
  description: 'Detaches a policy from a RAM role; the permissions it gave end with the next request on every node.',
  params: { PolicyType: policyTypeParam(), PolicyName: policyNameParam(), RoleName: roleNameParam() },
  errors: ['EntityNotExist.Role', 'EntityNotExist.Policy', 'EntityNotExist.Policy.Attachment'],
  async handle(q, ctx) {
    await detachPolicy(ctx, 'Role', q.RoleName, q.PolicyType, q.PolicyName)
    return {}
  },
})
