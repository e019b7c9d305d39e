import { defineAction } from '../define-action.js'
import { accessKeyView } from '../ram-views.js'
import { accessKeyOwner, akUserNameParam } from '../ram-access-keys.js'

export const ListAccessKeys = defineAction({
  name: 'ListAccessKeys',
  description: 'Lists the AccessKeys of a RAM user (or, without UserName, the caller’s), without secrets.',
  params: { UserName: akUserNameParam() },
  errors: ['EntityNotExist.User'],
  async handle(q, ctx) {
    const owner = await accessKeyOwner(ctx.store, q.UserName, ctx.caller)
    const keys = (await ctx.store.accessKeys.list(owner)).filter((k) => k.userName === owner)
    return { AccessKeys: { AccessKey: keys.map(accessKeyView) } }
  },
})
