import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { validateAliasName } from '../../domain/alias.js'
import { deleteAlias } from '../../services/keys/aliases.js'

export const DeleteAlias = defineAction({
  name: 'DeleteAlias',
  description: 'Deletes an alias; the key it pointed to is not affected.',
  params: { AliasName: p.string({ required: true, maxLength: 512, description: 'The alias to delete (alias/…).' }) },
  errors: ['InvalidParameter', 'Forbidden.AliasNotFound'],
  async handle(q, ctx) {
    await deleteAlias(ctx, validateAliasName(q.AliasName))
    return {}
  },
})
