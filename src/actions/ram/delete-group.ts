import { defineAction } from '../define-action.js'
import { groupNameParam } from '../ram-params.js'
import { KmsError } from '../../domain/errors.js'
import { identityChanged, requireGroup } from '../../services/identity/directory.js'

export const DeleteGroup = defineAction({
  name: 'DeleteGroup',
  description: 'Deletes a RAM user group that has no members and no attached policies.',
  params: { GroupName: groupNameParam() },
  errors: ['EntityNotExist.Group', 'DeleteConflict.Group.User', 'DeleteConflict.Group.Policy'],
  async handle(q, ctx) {
    await ctx.store.tx(async (tx) => {
      await requireGroup(tx, q.GroupName)
      if ((await tx.identity.members.usersOf(q.GroupName)).length > 0) throw new KmsError('DeleteConflict.Group.User')
      if ((await tx.identity.attachments.ofPrincipal('Group', q.GroupName)).length > 0) throw new KmsError('DeleteConflict.Group.Policy')
      await tx.identity.groups.delete(q.GroupName)
      await identityChanged(tx, q.GroupName)
    })
    return {}
  },
})
