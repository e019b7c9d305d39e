import { defineAction } from '../define-action.js'
import { groupNameParam, policyNameParam, policyTypeParam } from '../ram-params.js'
import { detachPolicy } from '../ram-attachments.js'

export const DetachPolicyFromGroup = defineAction({
  name: 'DetachPolicyFromGroup',
  description: 'Detaches a policy from a RAM group; the permissions it gave end with the next request on every node.',
  params: { PolicyType: policyTypeParam(), PolicyName: policyNameParam(), GroupName: groupNameParam() },
  errors: ['EntityNotExist.Group', 'EntityNotExist.Policy', 'EntityNotExist.Policy.Attachment'],
  async handle(q, ctx) {
    await detachPolicy(ctx, 'Group', q.GroupName, q.PolicyType, q.PolicyName)
    return {}
  },
})
