import { defineAction } from '../define-action.js'
import { secretDataParam, secretDataTypeParam, secretNameParam, versionIdParam, versionStagesParam } from '../secret-params.js'
import { KmsErrors } from '../../domain/errors.js'
import { decodeSecretData, validateVersionId } from '../../domain/secret-rules.js'
import { findLiveSecret } from '../../services/secrets/secrets.js'
import { writeVersion } from '../../services/secrets/writes.js'

export const PutSecretValue = defineAction({
  name: 'PutSecretValue',
  description: 'Stores a new write-once version of a Generic secret; it becomes ACSCurrent unless VersionStages says otherwise.',
  params: {
    SecretName: secretNameParam(),
    VersionId: versionIdParam('The new version id; repeating it with the same data succeeds, with other data is refused.'),
    SecretData: secretDataParam(),
    SecretDataType: secretDataTypeParam(),
    VersionStages: versionStagesParam(),
  },
  errors: [
    'InvalidParameter',
    'Forbidden.ResourceNotFound',
    'Rejected.ResourceExist',
    'Rejected.ResourceInDeleteWindow',
    'Rejected.UnsupportedOperation',
    'Rejected.LimitExceeded',
    'Forbidden.KeyNotFound',
    'Rejected.Disabled',
  ],
  async handle(q, ctx) {
    validateVersionId(q.VersionId)
    const value = decodeSecretData(q.SecretData, q.SecretDataType)
    const secret = await findLiveSecret(ctx.store, ctx, q.SecretName)
    if (secret.secretType !== 'Generic')
      throw KmsErrors.unsupportedOperation(`${secret.secretType} secrets get new values through RotateSecret, not PutSecretValue.`)
    const written = await writeVersion(ctx, secret, { versionId: q.VersionId, value, dataType: q.SecretDataType, stages: q.VersionStages }, 'same-data', 'PutSecretValue')
    return { SecretName: written.secretName, VersionId: written.versionId, VersionStages: { VersionStage: written.versionStages } }
  },
})
