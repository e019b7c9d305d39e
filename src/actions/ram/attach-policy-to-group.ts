import { defineAction } from '../define-action.js'
import { groupNameParam, policyNameParam, policyTypeParam } from '../ram-params.js'
import { attachPolicy } from '../ram-attachments.js'

export const AttachPolicyToGroup = defineAction({
  name: 'AttachPolicyToGroup',
  description: 'Attaches a policy to a RAM group; it governs the next request on every node.',
  params: { PolicyType: policyTypeParam(), PolicyName: policyNameParam(), GroupName: groupNameParam() },
  errors: ['EntityNotExist.Group', 'EntityNotExist.Policy', 'EntityAlreadyExists.Policy.Attachment'],
  async handle(q, ctx) {
    await attachPolicy(ctx, 'Group', q.GroupName, q.PolicyType, q.PolicyName)
    return {}
  },
})
