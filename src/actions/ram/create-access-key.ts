import { defineAction } from '../define-action.js'
import { KmsError } from '../../domain/errors.js'
import { formatUtc } from '../../domain/time.js'
import { accessKeyOwner, akUserNameParam } from '../ram-access-keys.js'
import { createAccessKey } from '../../services/access/access-keys.js'

/** RAM's limit per user; the account's own AccessKeys are not limited here (docs/identity.md). */
const MAX_KEYS_PER_USER = 2

export const CreateAccessKey = defineAction({
  name: 'CreateAccessKey',
  description: 'Creates an AccessKey for a RAM user (or, without UserName, for the caller). The secret is returned only here.',
  params: { UserName: akUserNameParam() },
  errors: ['EntityNotExist.User', 'LimitExceeded.User.AccessKey'],
  async handle(q, ctx) {
    const created = await ctx.store.tx(async (tx) => {
      const owner = await accessKeyOwner(tx, q.UserName, ctx.caller)
      if (owner !== undefined && (await tx.accessKeys.list(owner)).length >= MAX_KEYS_PER_USER) throw new KmsError('LimitExceeded.User.AccessKey')
      return createAccessKey(ctx, owner === undefined ? 'created by CreateAccessKey' : `RAM user ${owner}`, owner)
    })
    return {
      AccessKey: { AccessKeyId: created.accessKeyId, AccessKeySecret: created.accessKeySecret, Status: 'Active', CreateDate: formatUtc(created.createdAt) },
    }
  },
})
