import { defineAction } from '../define-action.js'
import { groupNameParam } from '../ram-params.js'
import { listPoliciesFor } from '../ram-attachments.js'

export const ListPoliciesForGroup = defineAction({
  name: 'ListPoliciesForGroup',
  description: 'Lists the policies attached to a RAM group.',
  params: { GroupName: groupNameParam() },
  errors: ['EntityNotExist.Group'],
  async handle(q, ctx) {
    return listPoliciesFor(ctx, 'Group', q.GroupName)
  },
})
