import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { commentsParam, userNameParam } from '../ram-params.js'
import { userView } from '../ram-views.js'
import { KmsError } from '../../domain/errors.js'
import { UniqueViolation } from '../../store/store.js'
import { identityChanged } from '../../services/identity/directory.js'
import { newRamId } from '../../services/identity/ids.js'

export const CreateUser = defineAction({
  name: 'CreateUser',
  description: 'Creates a RAM user.',
  params: {
    UserName: userNameParam(),
    DisplayName: p.string({ minLength: 1, maxLength: 128, description: 'Display name, 1-128 characters (default: the user name).' }),
    MobilePhone: p.string({ maxLength: 32, pattern: /^\d{1,5}-\d{1,20}$/, patternHint: 'Use <country code>-<number>.', description: 'Mobile phone, <country code>-<number>.' }),
    Email: p.string({ maxLength: 128, pattern: /^[^@\s]+@[^@\s]+$/, patternHint: 'Use an email address.', description: 'Email address.' }),
    Comments: commentsParam(),
  },
  errors: ['EntityAlreadyExists.User', 'InvalidParameter'],
  async handle(q, ctx) {
    const now = ctx.clock.now()
    const user = {
      userName: q.UserName, userId: newRamId(), displayName: q.DisplayName ?? q.UserName, email: q.Email ?? '',
      mobilePhone: q.MobilePhone ?? '', comments: q.Comments ?? '', createdAt: now, updatedAt: now,
    }
    try {
      await ctx.store.tx(async (tx) => {
        await tx.identity.users.insert(user)
        await identityChanged(tx, user.userName)
      })
    } catch (e) {
      if (e instanceof UniqueViolation) throw new KmsError('EntityAlreadyExists.User', `The user does already exist: ${q.UserName}.`)
      throw e
    }
    return { User: userView(user) }
  },
})
