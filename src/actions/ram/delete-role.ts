import { defineAction } from '../define-action.js'
import { roleNameParam } from '../ram-params.js'
import { KmsError } from '../../domain/errors.js'
import { identityChanged, requireRole } from '../../services/identity/directory.js'

export const DeleteRole = defineAction({
  name: 'DeleteRole',
  description: 'Deletes a RAM role without attached policies; its STS sessions lose every permission at once.',
  params: { RoleName: roleNameParam() },
  errors: ['EntityNotExist.Role', 'DeleteConflict.Role.Policy'],
  async handle(q, ctx) {
    await ctx.store.tx(async (tx) => {
      const role = await requireRole(tx, q.RoleName)
      if ((await tx.identity.attachments.ofPrincipal('Role', role.roleName)).length > 0) throw new KmsError('DeleteConflict.Role.Policy')
      await tx.identity.roles.delete(role.roleName)
      await identityChanged(tx, role.roleName)
    })
    return {}
  },
})
