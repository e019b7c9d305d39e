import { defineAction } from '../define-action.js'
import { groupNameParam } from '../ram-params.js'
import { groupView } from '../ram-views.js'
import { requireGroup } from '../../services/identity/directory.js'

export const GetGroup = defineAction({
  name: 'GetGroup',
  description: 'Returns a RAM user group.',
  params: { GroupName: groupNameParam() },
  errors: ['EntityNotExist.Group'],
  async handle(q, ctx) {
    return { Group: groupView(await requireGroup(ctx.store, q.GroupName)) }
  },
})
