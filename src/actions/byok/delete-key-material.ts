import { defineAction } from '../define-action.js'
import { keyIdParam } from '../common-params.js'
import { deleteKeyMaterial } from '../../services/keys/key-material.js'

export const DeleteKeyMaterial = defineAction({
  name: 'DeleteKeyMaterial',
  description: 'Deletes the imported material of an EXTERNAL key: the key returns to PendingImport (a PendingDeletion key keeps its state).',
  params: { KeyId: keyIdParam() },
  errors: ['Forbidden.KeyNotFound', 'Forbidden.AliasNotFound', 'Unsupported.Origin', 'Rejected.StateModifiedFailed'],
  async handle(q, ctx) {
    await deleteKeyMaterial(ctx, q.KeyId)
    return {}
  },
})
