import { defineAction } from '../define-action.js'
import { groupNameParam, userNameParam } from '../ram-params.js'
import { KmsError } from '../../domain/errors.js'
import { identityChanged, requireGroup, requireUser } from '../../services/identity/directory.js'

export const RemoveUserFromGroup = defineAction({
  name: 'RemoveUserFromGroup',
  description: 'Removes a RAM user from a group; the group’s policies stop applying from the next request.',
  params: { UserName: userNameParam(), GroupName: groupNameParam() },
  errors: ['EntityNotExist.User', 'EntityNotExist.Group', 'EntityNotExist.User.Group'],
  async handle(q, ctx) {
    await ctx.store.tx(async (tx) => {
      await requireUser(tx, q.UserName)
      await requireGroup(tx, q.GroupName)
      if (!(await tx.identity.members.remove(q.GroupName, q.UserName))) throw new KmsError('EntityNotExist.User.Group')
      await identityChanged(tx, q.UserName)
    })
    return {}
  },
})
