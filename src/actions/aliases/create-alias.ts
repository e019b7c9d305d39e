import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { keyIdParam } from '../common-params.js'
import { validateAliasName } from '../../domain/alias.js'
import { createAlias } from '../../services/keys/aliases.js'

export const CreateAlias = defineAction({
  name: 'CreateAlias',
  description: 'Creates an alias (alias/…) for a key; the alias can then be used wherever a KeyId is accepted.',
  params: {
    AliasName: p.string({
      required: true,
      maxLength: 512,
      description: 'alias/ followed by 1 to 255 letters, digits, _, - or /; alias/acs… is reserved.',
    }),
    KeyId: keyIdParam(),
  },
  errors: ['InvalidParameter', 'AliasAlreadyExists', 'Forbidden.KeyNotFound', 'Forbidden.AliasNotFound', 'Rejected.StateModifiedFailed'],
  async handle(q, ctx) {
    await createAlias(ctx, validateAliasName(q.AliasName), q.KeyId)
    return {}
  },
})
