import { defineAction } from '../define-action.js'
import { userNameParam, policyNameParam, policyTypeParam } from '../ram-params.js'
import { attachPolicy } from '../ram-attachments.js'

export const AttachPolicyToUser = defineAction({
  name: 'AttachPolicyToUser',
  description: 'Attaches a policy to a RAM user; it governs the next request on every node.',
  params: { PolicyType: policyTypeParam(), PolicyName: policyNameParam(), UserName: userNameParam() },
  errors: ['EntityNotExist.User', 'EntityNotExist.Policy', 'EntityAlreadyExists.Policy.Attachment'],
  async handle(q, ctx) {
    await attachPolicy(ctx, 'User', q.UserName, q.PolicyType, q.PolicyName)
    return {}
  },
})
