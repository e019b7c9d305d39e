import { defineAction } from '../define-action.js'
import { accessNameParam } from '../access-params.js'
import { aapView } from '../views/access.js'
import { requireAap } from '../../services/access/admin.js'

export const DescribeApplicationAccessPoint = defineAction({
  name: 'DescribeApplicationAccessPoint',
  description: 'Returns an application access point: its ARN, authentication method, policies (a JSON string) and description.',
  params: { Name: accessNameParam('application access point') },
  errors: ['Forbidden.ResourceNotFound'],
  async handle(q, ctx) {
    return aapView(await requireAap(ctx.store, q.Name), ctx.config)
  },
})
