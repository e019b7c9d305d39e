import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { keyIdParam } from '../common-params.js'
import { validateAliasName } from '../../domain/alias.js'
import { updateAlias } from '../../services/keys/aliases.js'

export const UpdateAlias = defineAction({
  name: 'UpdateAlias',
  description: 'Points an existing alias at another key.',
  params: {
    AliasName: p.string({ required: true, maxLength: 512, description: 'The existing alias (alias/…).' }),
    KeyId: keyIdParam(),
  },
  errors: ['InvalidParameter', 'Forbidden.AliasNotFound', 'Forbidden.KeyNotFound', 'Rejected.PendingDeletion'],
  async handle(q, ctx) {
    await updateAlias(ctx, validateAliasName(q.AliasName), q.KeyId)
    return {}
  },
})
