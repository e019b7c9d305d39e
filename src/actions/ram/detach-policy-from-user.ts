import { defineAction } from '../define-action.js'
import { userNameParam, policyNameParam, policyTypeParam } from '../ram-params.js'
import { detachPolicy } from '../ram-attachments.js'

export const DetachPolicyFromUser = defineAction({
  name: 'DetachPolicyFromUser',
  description: 'Detaches a policy from a RAM user; the permissions it gave end with the next request on every node.',
  params: { PolicyType: policyTypeParam(), PolicyName: policyNameParam(), UserName: userNameParam() },
  errors: ['EntityNotExist.User', 'EntityNotExist.Policy', 'EntityNotExist.Policy.Attachment'],
  async handle(q, ctx) {
    await detachPolicy(ctx, 'User', q.UserName, q.PolicyType, q.PolicyName)
    return {}
  },
})
