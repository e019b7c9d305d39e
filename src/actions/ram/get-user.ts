import { defineAction } from '../define-action.js'
import { userNameParam } from '../ram-params.js'
import { userView } from '../ram-views.js'
import { requireUser } from '../../services/identity/directory.js'

export const GetUser = defineAction({
  name: 'GetUser',
  description: 'Returns a RAM user.',
  params: { UserName: userNameParam() },
  errors: ['EntityNotExist.User'],
  async handle(q, ctx) {
    return { User: userView(await requireUser(ctx.store, q.UserName)) }
  },
})
