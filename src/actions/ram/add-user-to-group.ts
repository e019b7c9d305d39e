import { defineAction } from '../define-action.js'
import { groupNameParam, userNameParam } from '../ram-params.js'
import { KmsError } from '../../domain/errors.js'
import { identityChanged, requireGroup, requireUser } from '../../services/identity/directory.js'

export const AddUserToGroup = defineAction({
  name: 'AddUserToGroup',
  description: 'Adds a RAM user to a group; the group’s policies apply to the user from the next request.',
  params: { UserName: userNameParam(), GroupName: groupNameParam() },
  errors: ['EntityNotExist.User', 'EntityNotExist.Group', 'EntityAlreadyExists.User.Group'],
  async handle(q, ctx) {
    await ctx.store.tx(async (tx) => {
      await requireUser(tx, q.UserName)
      await requireGroup(tx, q.GroupName)
      if (!(await tx.identity.members.add({ groupName: q.GroupName, userName: q.UserName, joinedAt: ctx.clock.now() })))
        throw new KmsError('EntityAlreadyExists.User.Group')
      await identityChanged(tx, q.UserName)
    })
    return {}
  },
})
