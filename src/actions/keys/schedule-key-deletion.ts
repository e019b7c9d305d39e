import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { keyIdParam } from '../common-params.js'
import { KmsErrors } from '../../domain/errors.js'
import { requireState } from '../../domain/key-state.js'
import { DAY } from '../../domain/time.js'
import { updateKey } from '../../services/keys/keys.js'

export const ScheduleKeyDeletion = defineAction({
  name: 'ScheduleKeyDeletion',
  description: 'Schedules a key for deletion after a waiting period of 7 to 366 days.',
  params: {
    KeyId: keyIdParam(),
    PendingWindowInDays: p.integer({ required: true, min: 7, max: 366, description: 'Days before the key is destroyed.' }),
  },
  errors: ['Forbidden.KeyNotFound', 'Rejected.StateModifiedFailed'],
  async handle(q, ctx) {
    await updateKey(ctx, q.KeyId, (key) => {
      requireState('scheduleDeletion', key.state)
      if (key.deletionProtection)
        throw KmsErrors.stateModifiedFailed('Deletion protection is enabled for this key; disable it with SetDeletionProtection first.')
      return { state: 'PendingDeletion', deleteDate: ctx.clock.now() + q.PendingWindowInDays * DAY }
    })
    return {}
  },
})
