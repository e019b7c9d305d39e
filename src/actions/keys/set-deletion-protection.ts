import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { KmsErrors } from '../../domain/errors.js'
import { requireState } from '../../domain/key-state.js'
import { updateKey } from '../../services/keys/keys.js'

export const SetDeletionProtection = defineAction({
  name: 'SetDeletionProtection',
  description: 'Turns deletion protection of a key on or off; a protected key cannot be scheduled for deletion.',
  params: {
    EnableDeletionProtection: p.boolean({ required: true, description: 'true to protect the key.' }),
    ProtectedResourceArn: p.string({ maxLength: 512, description: 'ARN of the key (or give KeyId).' }),
    KeyId: p.string({ maxLength: 512, description: 'Key ID, alias or ARN (or give ProtectedResourceArn).' }),
    KmsInstanceId: p.string({ maxLength: 128, description: 'Accepted for compatibility.' }),
    DeletionProtectionDescription: p.string({ maxLength: 1024, description: 'Why the key is protected (only when enabling).' }),
  },
  errors: ['Forbidden.KeyNotFound', 'Rejected.StateModifiedFailed', 'MissingParameter'],
  async handle(q, ctx) {
    const ref = q.ProtectedResourceArn ?? q.KeyId
    if (!ref) throw KmsErrors.missingParameter('ProtectedResourceArn')
    await updateKey(ctx, ref, (key) => {
      requireState('setDeletionProtection', key.state)
      return {
        deletionProtection: q.EnableDeletionProtection,
        deletionProtectionDescription: q.EnableDeletionProtection ? (q.DeletionProtectionDescription ?? '') : '',
      }
    })
    return {}
  },
})
