import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { dryRunParam } from '../common-params.js'
import { optionalVersionIdParam, secretNameParam } from '../secret-params.js'
import { KmsErrors } from '../../domain/errors.js'
import { getSecretValue, renderSecretValue } from '../../services/secrets/secrets.js'

export const GetSecretValue = defineAction({
  name: 'GetSecretValue',
  description: 'Returns a secret value: the version named by VersionId or VersionStage (default ACSCurrent).',
  params: {
    SecretName: secretNameParam(),
    VersionId: optionalVersionIdParam('The version to read (ignored for managed secrets).'),
    VersionStage: p.string({ maxLength: 64, description: 'The stage to read (default ACSCurrent).' }),
    FetchExtendedConfig: p.boolean({ default: false, description: 'true to return ExtendedConfig (managed secrets).' }),
    DryRun: dryRunParam(),
  },
  errors: [
    'Forbidden.ResourceNotFound',
    'Rejected.ResourceInDeleteWindow',
    'Forbidden.KeyNotFound',
    'Rejected.Disabled',
    'Rejected.PendingDeletion',
    'DryRunOperationError',
  ],
  async handle(q, ctx) {
    const value = await getSecretValue(ctx, {
      secretName: q.SecretName,
      versionId: q.VersionId,
      versionStage: q.VersionStage,
      fetchExtendedConfig: q.FetchExtendedConfig,
    })
    if (q.DryRun) throw KmsErrors.dryRun()
    return renderSecretValue(value)
  },
})
