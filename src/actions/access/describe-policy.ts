import { defineAction } from '../define-action.js'
import { accessNameParam } from '../access-params.js'
import { policyDescribed } from '../views/access.js'
import { requirePolicy } from '../../services/access/admin.js'

export const DescribePolicy = defineAction({
  name: 'DescribePolicy',
  description: 'Returns a policy; unlike CreatePolicy, Permissions and Resources are arrays here.',
  params: { Name: accessNameParam('policy') },
  errors: ['Forbidden.ResourceNotFound'],
  async handle(q, ctx) {
    return policyDescribed(await requirePolicy(ctx.store, q.Name), ctx.config)
  },
})
