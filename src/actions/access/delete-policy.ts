import { defineAction } from '../define-action.js'
import { accessNameParam } from '../access-params.js'
import { deletePolicy } from '../../services/access/admin.js'

export const DeletePolicy = defineAction({
  name: 'DeletePolicy',
  description: 'Deletes a policy; refused with Rejected.ResourceInUse while an application access point names it.',
  params: { Name: accessNameParam('policy') },
  errors: ['Forbidden.ResourceNotFound', 'Rejected.ResourceInUse'],
  async handle(q, ctx) {
    await deletePolicy(ctx, q.Name)
    return {}
  },
})
