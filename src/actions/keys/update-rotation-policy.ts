import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { keyIdParam } from '../common-params.js'
import { KmsErrors } from '../../domain/errors.js'
import { isSymmetric } from '../../domain/key-spec.js'
import { requireState } from '../../domain/key-state.js'
import { parseRotationInterval, ROTATION_RANGE } from '../../domain/rotation-interval.js'
import { nextRotationOnPolicy } from '../../domain/rotation-schedule.js'
import { updateKey } from '../../services/keys/keys.js'

export const UpdateRotationPolicy = defineAction({
  name: 'UpdateRotationPolicy',
  description: 'Turns automatic rotation of an Enabled symmetric key on (every 7 to 730 days) or off.',
  params: {
    KeyId: keyIdParam(),
    EnableAutomaticRotation: p.boolean({ required: true, description: 'true to rotate automatically, false to stop.' }),
    RotationInterval: p.string({
      maxLength: 32,
      description: 'Rotation period, 7d to 730d (e.g. 30d or 2592000s); required when enabling, ignored when disabling.',
    }),
  },
  errors: [
    'Forbidden.KeyNotFound',
    'Forbidden.AliasNotFound',
    'Rejected.UnsupportedOperation',
    'Unsupported.Origin',
    'Rejected.Disabled',
    'Rejected.PendingDeletion',
    'Rejected.PendingImport',
  ],
  async handle(q, ctx) {
    let interval: number | null = null
    if (q.EnableAutomaticRotation) {
      if (!q.RotationInterval) throw KmsErrors.missingParameter('RotationInterval')
      interval = parseRotationInterval(q.RotationInterval, 'RotationInterval', ROTATION_RANGE.updatePolicy)
    }
    await updateKey(ctx, q.KeyId, (key) => {
      if (!isSymmetric(key.keySpec))
        throw KmsErrors.unsupportedOperation('Automatic rotation is for symmetric keys; use CreateKeyVersion for asymmetric keys.')
      if (key.origin === 'EXTERNAL')
        throw KmsErrors.unsupportedOrigin('Keys with imported (EXTERNAL) material cannot rotate automatically.')
      requireState('createVersion', key.state)
      if (interval === null) return { automaticRotation: 'Disabled', rotationInterval: null, nextRotationDate: null }
      return {
        automaticRotation: 'Enabled',
        rotationInterval: interval,
        nextRotationDate: nextRotationOnPolicy(key, interval, ctx.clock.now()),
      }
    })
    return {}
  },
})
