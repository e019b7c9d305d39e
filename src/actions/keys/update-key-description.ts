import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { keyIdParam } from '../common-params.js'
import { requireState } from '../../domain/key-state.js'
import { updateKey } from '../../services/keys/keys.js'

export const UpdateKeyDescription = defineAction({
  name: 'UpdateKeyDescription',
  description: 'Replaces the description of a key (an empty value clears it).',
  params: {
    KeyId: keyIdParam(),
    Description: p.string({ required: true, allowEmpty: true, maxLength: 8192, description: 'The new description.' }),
  },
  errors: ['Forbidden.KeyNotFound', 'Rejected.PendingDeletion'],
  async handle(q, ctx) {
    await updateKey(ctx, q.KeyId, (key) => {
      requireState('modifyMetadata', key.state)
      return { description: q.Description }
    })
    return {}
  },
})
