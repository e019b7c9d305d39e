import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { accessKeyOwner, akUserNameParam, requireOwnedKey } from '../ram-access-keys.js'

export const DeleteAccessKey = defineAction({
  name: 'DeleteAccessKey',
  description: 'Deletes an AccessKey; it is refused on the next request on every node.',
  params: {
    UserAccessKeyId: p.string({ required: true, maxLength: 128, description: 'The AccessKey to delete.' }),
    UserName: akUserNameParam(),
  },
  errors: ['EntityNotExist.User', 'EntityNotExist.User.AccessKey'],
  async handle(q, ctx) {
    await ctx.store.tx(async (tx) => {
      const owner = await accessKeyOwner(tx, q.UserName, ctx.caller)
      const key = await requireOwnedKey(tx, q.UserAccessKeyId, owner)
      await tx.accessKeys.delete(key.accessKeyId)
      await tx.notify('accessKey', key.accessKeyId)
    })
    return {}
  },
})
