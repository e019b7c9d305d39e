import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { secretNameParam } from '../secret-params.js'
import { KmsErrors } from '../../domain/errors.js'
import { SECRET_ROTATION_RANGE } from '../../domain/secret-rules.js'
import { parseRotationInterval } from '../../domain/rotation-interval.js'
import { updateRotationPolicy } from '../../services/secrets/rotation.js'

export const UpdateSecretRotationPolicy = defineAction({
  name: 'UpdateSecretRotationPolicy',
  description: 'Turns automatic rotation of a managed secret on (with an interval of 6h to 8760h) or off; Generic secrets do not rotate.',
  params: {
    SecretName: secretNameParam(),
    EnableAutomaticRotation: p.boolean({ required: true, description: 'true to rotate automatically.' }),
    RotationInterval: p.string({ maxLength: 32, description: 'Rotation period, 6h to 8760h (e.g. 7d or 604800s); required when enabling.' }),
  },
  errors: ['MissingParameter', 'InvalidParameter', 'Forbidden.ResourceNotFound', 'Rejected.ResourceInDeleteWindow', 'Rejected.UnsupportedOperation'],
  async handle(q, ctx) {
    let interval: number | null = null
    if (q.EnableAutomaticRotation) {
      if (!q.RotationInterval) throw KmsErrors.missingParameter('RotationInterval')
      interval = parseRotationInterval(q.RotationInterval, 'RotationInterval', SECRET_ROTATION_RANGE)
    }
    return { SecretName: await updateRotationPolicy(ctx, q.SecretName, interval) }
  },
})
