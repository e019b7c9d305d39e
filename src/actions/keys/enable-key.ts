import { defineAction } from '../define-action.js'
import { keyIdParam } from '../common-params.js'
import { requireState } from '../../domain/key-state.js'
import { updateKey } from '../../services/keys/keys.js'

export const EnableKey = defineAction({
  name: 'EnableKey',
  description: 'Enables a key.',
  params: { KeyId: keyIdParam() },
  errors: ['Forbidden.KeyNotFound', 'Rejected.StateModifiedFailed'],
  async handle(q, ctx) {
    await updateKey(ctx, q.KeyId, (key) => {
      requireState('enableDisable', key.state)
      return { state: 'Enabled' }
    })
    return {}
  },
})
