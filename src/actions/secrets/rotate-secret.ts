import { defineAction } from '../define-action.js'
import { secretNameParam, versionIdParam } from '../secret-params.js'
import { arn } from '../../domain/arn.js'
import { validateVersionId } from '../../domain/secret-rules.js'
import { rotateSecret } from '../../services/secrets/rotation.js'

export const RotateSecret = defineAction({
  name: 'RotateSecret',
  description: 'Rotates a managed secret now: a new version with fresh credentials becomes ACSCurrent. Generic secrets do not rotate.',
  params: {
    SecretName: secretNameParam(),
    VersionId: versionIdParam('The id of the new version; repeating an existing id succeeds without rotating again.'),
  },
  errors: ['Forbidden.ResourceNotFound', 'Rejected.ResourceInDeleteWindow', 'Rejected.UnsupportedOperation', 'Forbidden.KeyNotFound', 'Rejected.Disabled'],
  async handle(q, ctx) {
    validateVersionId(q.VersionId)
    const written = await rotateSecret(ctx, q.SecretName, q.VersionId)
    return { Arn: arn.secret(ctx.config, written.secretName), SecretName: written.secretName, VersionId: written.versionId }
  },
})
