import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { customDataParam, secretNameParam } from '../secret-params.js'
import { KmsErrors } from '../../domain/errors.js'
import { validateCustomData, withCustomData } from '../../domain/managed-secrets.js'
import type { SecretPatch } from '../../store/store.js'
import { updateLiveSecret } from '../../services/secrets/lifecycle.js'

export const UpdateSecret = defineAction({
  name: 'UpdateSecret',
  description: 'Changes the description of a secret, or the CustomData of a managed secret’s extended configuration.',
  params: {
    SecretName: secretNameParam(),
    Description: p.string({ maxLength: 8192, allowEmpty: true, description: 'The new description (empty clears it).' }),
    ExtendedConfig: customDataParam(),
  },
  errors: ['InvalidParameter', 'Forbidden.ResourceNotFound', 'Rejected.ResourceInDeleteWindow'],
  async handle(q, ctx) {
    const customData = q.ExtendedConfig === undefined ? undefined : validateCustomData(q.ExtendedConfig, 'ExtendedConfig.CustomData')
    const updated = await updateLiveSecret(ctx, q.SecretName, (secret) => {
      const patch: SecretPatch = {}
      if (q.Description !== undefined) patch.description = q.Description
      if (customData !== undefined) {
        if (secret.extendedConfig === null)
          throw KmsErrors.invalidParameter('ExtendedConfig.CustomData', 'Generic secrets have no extended configuration.')
        patch.extendedConfig = withCustomData(secret.extendedConfig, customData)
      }
      return patch
    })
    return { SecretName: updated.secretName }
  },
})
