import { defineAction } from '../define-action.js'
import { roleNameParam } from '../ram-params.js'
import { roleView } from '../ram-views.js'
import { requireRole } from '../../services/identity/directory.js'

export const GetRole = defineAction({
  name: 'GetRole',
  description: 'Returns a RAM role with its trust policy.',
  params: { RoleName: roleNameParam() },
  errors: ['EntityNotExist.Role'],
  async handle(q, ctx) {
    return { Role: roleView(await requireRole(ctx.store, q.RoleName), ctx.config.accountId) }
  },
})
