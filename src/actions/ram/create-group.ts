import { defineAction } from '../define-action.js'
import { commentsParam, groupNameParam } from '../ram-params.js'
import { groupView } from '../ram-views.js'
import { KmsError } from '../../domain/errors.js'
import { UniqueViolation } from '../../store/store.js'
import { identityChanged } from '../../services/identity/directory.js'
import { newRamId } from '../../services/identity/ids.js'

export const CreateGroup = defineAction({
  name: 'CreateGroup',
  description: 'Creates a RAM user group; policies attached to it apply to every member.',
  params: { GroupName: groupNameParam(), Comments: commentsParam() },
  errors: ['EntityAlreadyExists.Group'],
  async handle(q, ctx) {
    const now = ctx.clock.now()
    const group = { groupName: q.GroupName, groupId: newRamId(), comments: q.Comments ?? '', createdAt: now, updatedAt: now }
    try {
      await ctx.store.tx(async (tx) => {
        await tx.identity.groups.insert(group)
        await identityChanged(tx, group.groupName)
      })
    } catch (e) {
      if (e instanceof UniqueViolation) throw new KmsError('EntityAlreadyExists.Group', `The group does already exist: ${q.GroupName}.`)
      throw e
    }
    return { Group: groupView(group) }
  },
})
