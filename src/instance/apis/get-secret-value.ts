import type * as T from '../../instance-wire/messages.js'
import { defineInstanceApi, type Decoded } from './define-instance-api.js'
import { KmsErrors } from '../../domain/errors.js'
import { parseSecretReference } from '../../domain/secret-rules.js'
import { getSecretValue } from '../../services/secrets/secrets.js'

export const GetSecretValue = defineInstanceApi<Decoded<T.GetSecretValueRequest>, Omit<T.GetSecretValueResponse, 'RequestId'>>({
  name: 'GetSecretValue',
  description:
    'Returns a secret version (VersionId, or VersionStage, default ACSCurrent); needs CryptoServiceSecretUser on the secret ' +
    'and CryptoServiceKeyUser on the key that encrypts it.',
  async handle(q, ctx) {
    if (!q.SecretName) throw KmsErrors.invalidParameter('SecretName', 'It is required.')
    const name = parseSecretReference(q.SecretName, ctx.rt.config)
    const found = name === undefined ? undefined : await ctx.rt.store.secrets.get(name)
    const secret = found?.dkmsInstanceId && found.dkmsInstanceId !== ctx.rt.instanceId ? undefined : found
    await ctx.authorize('CryptoServiceSecretUser', [`secret/${name ?? q.SecretName}`], name ?? q.SecretName)
    if (!secret) throw KmsErrors.resourceNotFound(q.SecretName)
    await ctx.authorize('CryptoServiceKeyUser', [`key/${secret.encryptionKeyId}`], secret.encryptionKeyId)
    const v = await getSecretValue(ctx.rt, {
      secretName: secret.secretName,
      versionId: q.VersionId || undefined,
      versionStage: q.VersionStage || undefined,
      fetchExtendedConfig: q.FetchExtendedConfig,
    })
    const response = {
      SecretName: v.SecretName,
      SecretType: v.SecretType,
      SecretData: v.SecretData,
      SecretDataType: v.SecretDataType,
      VersionStages: v.VersionStages,
      VersionId: v.VersionId,
      CreateTime: v.CreateTime,
      LastRotationDate: v.LastRotationDate ?? '',
      NextRotationDate: v.NextRotationDate ?? '',
      ExtendedConfig: v.ExtendedConfig ?? '',
      AutomaticRotation: v.AutomaticRotation ?? '',
      RotationInterval: v.RotationInterval ?? '',
    }
    return { response }
  },
})
