import { defineAction } from '../define-action.js'
import { roleNameParam, policyNameParam, policyTypeParam } from '../ram-params.js'
import { attachPolicy } from '../ram-attachments.js'

export const AttachPolicyToRole = defineAction({
  name: 'AttachPolicyToRole',
  description: 'Attaches a policy to a RAM role; it governs the next request on every node.',
  params: { PolicyType: policyTypeParam(), PolicyName: policyNameParam(), RoleName: roleNameParam() },
  errors: ['EntityNotExist.Role', 'EntityNotExist.Policy', 'EntityAlreadyExists.Policy.Attachment'],
  async handle(q, ctx) {
    await attachPolicy(ctx, 'Role', q.RoleName, q.PolicyType, q.PolicyName)
    return {}
  },
})
