import { defineAction } from '../define-action.js'
import { roleNameParam } from '../ram-params.js'
import { listPoliciesFor } from '../ram-attachments.js'

export const ListPoliciesForRole = defineAction({
  name: 'ListPoliciesForRole',
  description: 'Lists the policies attached to a RAM role.',
  params: { RoleName: roleNameParam() },
  errors: ['EntityNotExist.Role'],
  async handle(q, ctx) {
    return listPoliciesFor(ctx, 'Role', q.RoleName)
  },
})
