import { defineAction } from '../define-action.js'
import { groupNameParam } from '../ram-params.js'
import { formatUtc } from '../../domain/time.js'
import { requireGroup } from '../../services/identity/directory.js'

export const ListUsersForGroup = defineAction({
  name: 'ListUsersForGroup',
  description: 'Lists the members of a RAM user group.',
  params: { GroupName: groupNameParam() },
  errors: ['EntityNotExist.Group'],
  async handle(q, ctx) {
    await requireGroup(ctx.store, q.GroupName)
    const users = []
    for (const m of await ctx.store.identity.members.usersOf(q.GroupName)) {
      const u = await ctx.store.identity.users.get(m.userName)
      if (u) users.push({ UserName: u.userName, UserId: u.userId, DisplayName: u.displayName, JoinDate: formatUtc(m.joinedAt) })
    }
    return { Users: { User: users }, IsTruncated: false }
  },
})
