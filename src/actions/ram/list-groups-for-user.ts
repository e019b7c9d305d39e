import { defineAction } from '../define-action.js'
import { userNameParam } from '../ram-params.js'
import { formatUtc } from '../../domain/time.js'
import { requireUser } from '../../services/identity/directory.js'

export const ListGroupsForUser = defineAction({
  name: 'ListGroupsForUser',
  description: 'Lists the groups a RAM user belongs to.',
  params: { UserName: userNameParam() },
  errors: ['EntityNotExist.User'],
  async handle(q, ctx) {
    await requireUser(ctx.store, q.UserName)
    const groups = []
    for (const m of await ctx.store.identity.members.groupsOf(q.UserName)) {
      const g = await ctx.store.identity.groups.get(m.groupName)
      if (g) groups.push({ GroupName: g.groupName, GroupId: g.groupId, Comments: g.comments, JoinDate: formatUtc(m.joinedAt) })
    }
    return { Groups: { Group: groups } }
  },
})
