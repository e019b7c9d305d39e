import { defineAction } from '../define-action.js'
import { userNameParam } from '../ram-params.js'
import { KmsError } from '../../domain/errors.js'
import { identityChanged, requireUser } from '../../services/identity/directory.js'

export const DeleteUser = defineAction({
  name: 'DeleteUser',
  description: 'Deletes a RAM user that has no AccessKeys, group memberships or attached policies left.',
  params: { UserName: userNameParam() },
  errors: ['EntityNotExist.User', 'DeleteConflict.User.AccessKey', 'DeleteConflict.User.Group', 'DeleteConflict.User.Policy'],
  async handle(q, ctx) {
    await ctx.store.tx(async (tx) => {
      await requireUser(tx, q.UserName)
      if ((await tx.accessKeys.list(q.UserName)).length > 0) throw new KmsError('DeleteConflict.User.AccessKey')
      if ((await tx.identity.members.groupsOf(q.UserName)).length > 0) throw new KmsError('DeleteConflict.User.Group')
      if ((await tx.identity.attachments.ofPrincipal('User', q.UserName)).length > 0) throw new KmsError('DeleteConflict.User.Policy')
      await tx.identity.users.delete(q.UserName)
      await identityChanged(tx, q.UserName)
    })
    return {}
  },
})
