import { defineAction } from '../define-action.js'
import { userNameParam } from '../ram-params.js'
import { listPoliciesFor } from '../ram-attachments.js'

export const ListPoliciesForUser = defineAction({
  name: 'ListPoliciesForUser',
  description: 'Lists the policies attached to a RAM user.',
  params: { UserName: userNameParam() },
  errors: ['EntityNotExist.User'],
  async handle(q, ctx) {
    return listPoliciesFor(ctx, 'User', q.UserName)
  },
})
