import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { commentsParam, optionalUserNameParam, userNameParam } from '../ram-params.js'
import { userView } from '../ram-views.js'
import { KmsError } from '../../domain/errors.js'
import { identityChanged, requireUser } from '../../services/identity/directory.js'
import { renameUser } from '../../services/identity/rename-user.js'

export const UpdateUser = defineAction({
  name: 'UpdateUser',
  description: 'Changes a RAM user: name, display name, phone, email or comments.',
  params: {
    UserName: userNameParam(),
    NewUserName: optionalUserNameParam('New user name.'),
    NewDisplayName: p.string({ minLength: 1, maxLength: 128, description: 'New display name.' }),
    NewMobilePhone: p.string({ maxLength: 32, pattern: /^\d{1,5}-\d{1,20}$/, patternHint: 'Use <country code>-<number>.', description: 'New mobile phone.' }),
    NewEmail: p.string({ maxLength: 128, pattern: /^[^@\s]+@[^@\s]+$/, patternHint: 'Use an email address.', description: 'New email address.' }),
    NewComments: commentsParam('NewComments'),
  },
  errors: ['EntityNotExist.User', 'EntityAlreadyExists.User'],
  async handle(q, ctx) {
    const user = await ctx.store.tx(async (tx) => {
      const old = await requireUser(tx, q.UserName)
      const updated = {
        ...old,
        displayName: q.NewDisplayName ?? old.displayName,
        mobilePhone: q.NewMobilePhone ?? old.mobilePhone,
        email: q.NewEmail ?? old.email,
        comments: q.NewComments ?? old.comments,
        updatedAt: ctx.clock.now(),
      }
      if (q.NewUserName !== undefined && q.NewUserName !== old.userName) {
        if (await tx.identity.users.get(q.NewUserName)) throw new KmsError('EntityAlreadyExists.User', `The user does already exist: ${q.NewUserName}.`)
        return renameUser(tx, old, { ...updated, userName: q.NewUserName })
      }
      await tx.identity.users.update(updated)
      await identityChanged(tx, updated.userName)
      return updated
    })
    return { User: userView(user) }
  },
})
