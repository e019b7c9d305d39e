import { defineAction } from '../define-action.js'
import { keyIdParam } from '../common-params.js'
import { requireState } from '../../domain/key-state.js'
import { findKey, updateKey } from '../../services/keys/keys.js'

export const CancelKeyDeletion = defineAction({
  name: 'CancelKeyDeletion',
  description: 'Cancels a scheduled deletion; the key returns to Enabled (PendingImport if it has no material yet).',
  params: { KeyId: keyIdParam() },
  errors: ['Forbidden.KeyNotFound', 'Rejected.StateModifiedFailed'],
  async handle(q, ctx) {
    const key = await findKey(ctx.store, ctx, q.KeyId)
    const primary = key.primaryVersionId ? await ctx.store.keyVersions.get(key.keyId, key.primaryVersionId) : undefined
    // An EXTERNAL key whose material was never imported cannot become usable by cancelling (inferred; docs/behaviour.md).
    const awaitingImport = key.origin === 'EXTERNAL' && !primary?.wrappedMaterial
    await updateKey(ctx, key.keyId, (k) => {
      requireState('cancelDeletion', k.state)
      return { state: awaitingImport ? 'PendingImport' : 'Enabled', deleteDate: null }
    })
    return {}
  },
})
