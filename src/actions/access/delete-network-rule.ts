import { defineAction } from '../define-action.js'
import { accessNameParam } from '../access-params.js'
import { deleteNetworkRule } from '../../services/access/admin.js'

export const DeleteNetworkRule = defineAction({
  name: 'DeleteNetworkRule',
  description: 'Deletes a network rule; refused with Rejected.ResourceInUse while a policy names it.',
  params: { Name: accessNameParam('network rule') },
  errors: ['Forbidden.ResourceNotFound', 'Rejected.ResourceInUse'],
  async handle(q, ctx) {
    await deleteNetworkRule(ctx, q.Name)
    return {}
  },
})
