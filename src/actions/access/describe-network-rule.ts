import { defineAction } from '../define-action.js'
import { accessNameParam } from '../access-params.js'
import { networkRuleDescribed } from '../views/access.js'
import { requireNetworkRule } from '../../services/access/admin.js'

export const DescribeNetworkRule = defineAction({
  name: 'DescribeNetworkRule',
  description: 'Returns a network rule: its ARN, type, addresses (a JSON string) and description.',
  params: { Name: accessNameParam('network rule') },
  errors: ['Forbidden.ResourceNotFound'],
  async handle(q, ctx) {
    return networkRuleDescribed(await requireNetworkRule(ctx.store, q.Name), ctx.config)
  },
})
