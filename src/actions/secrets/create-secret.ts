import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { tagsParam } from '../common-params.js'
import { secretDataParam, secretDataTypeParam } from '../secret-params.js'
import { arn } from '../../domain/arn.js'
import { SECRET_TYPES } from '../../domain/secret-rules.js'
import { rotationFields } from '../../services/secrets/rotation-fields.js'
import { createSecretFromRequest } from '../../services/secrets/create.js'
import { requireKnownDkmsInstance } from '../../services/instance/kms-instance.js'

export const CreateSecret = defineAction({
  name: 'CreateSecret',
  description: 'Creates a secret and its first version (ACSCurrent), envelope-encrypted under a symmetric key.',
  params: {
    SecretName: p.string({ required: true, maxLength: 192, description: 'Up to 192 of A-Z a-z 0-9 _ / + = . @ -; $Auto for RAMCredentials.' }),
    VersionId: p.string({ required: true, maxLength: 64, description: 'The id of the first version, up to 64 characters.' }),
    SecretData: secretDataParam(),
    SecretDataType: secretDataTypeParam(),
    SecretType: p.oneOf(SECRET_TYPES, { default: 'Generic', description: 'Generic (default), Rds, Redis, RAMCredentials, ECS or PolarDB.' }),
    Description: p.string({ maxLength: 8192, default: '', description: 'Up to 8192 characters.' }),
    EncryptionKeyId: p.string({ maxLength: 512, description: 'Symmetric key (id, alias or ARN); default: the key behind alias/acs/secretsmanager.' }),
    DKMSInstanceId: p.string({ maxLength: 128, description: 'The KMS instance the secret belongs to: this openkms instance (kst-…) or omitted.' }),
    Tags: tagsParam(),
    ExtendedConfig: p.json(p.Type.Record(p.Type.String(), p.Type.Unknown()), {
      maxLength: 1024,
      description: 'JSON object, required for managed types (SecretSubType, ids, CustomData); ignored for Generic.',
    }),
    EnableAutomaticRotation: p.boolean({ default: false, description: 'Rotate automatically (managed types only).' }),
    RotationInterval: p.string({ maxLength: 32, description: 'Rotation period, 6h to 8760h (e.g. 30d, 604800s); required with rotation.' }),
    Policy: p.string({ description: 'Secret policy (JSON, at most 32768 bytes).' }),
  },
  errors: ['InvalidParameter', 'Rejected.ResourceExist', 'Rejected.ResourceInDeleteWindow', 'Rejected.UnsupportedOperation', 'Forbidden.KeyNotFound', 'Forbidden.AliasNotFound', 'Rejected.Disabled', 'Forbidden.DKMSInstanceNotFound'],
  async handle(q, ctx) {
    const secret = await createSecretFromRequest(ctx, {
      secretName: q.SecretName,
      versionId: q.VersionId,
      secretData: q.SecretData,
      secretDataType: q.SecretDataType,
      secretType: q.SecretType,
      description: q.Description,
      encryptionKeyId: q.EncryptionKeyId,
      dkmsInstanceId: q.DKMSInstanceId === undefined ? undefined : requireKnownDkmsInstance(ctx, q.DKMSInstanceId),
      tags: q.Tags?.map((t) => ({ tagKey: t.TagKey, tagValue: t.TagValue })),
      extendedConfig: q.ExtendedConfig,
      enableAutomaticRotation: q.EnableAutomaticRotation,
      rotationInterval: q.RotationInterval,
      policy: q.Policy,
    })
    return {
      Arn: arn.secret(ctx.config, secret.secretName),
      SecretName: secret.secretName,
      SecretType: secret.secretType,
      VersionId: q.VersionId,
      ...(secret.dkmsInstanceId ? { DKMSInstanceId: secret.dkmsInstanceId } : {}),
      ...rotationFields(secret),
      ...(secret.extendedConfig !== null ? { ExtendedConfig: secret.extendedConfig } : {}),
    }
  },
})
