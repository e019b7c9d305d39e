import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { tagsParam } from '../common-params.js'
import { KmsErrors } from '../../domain/errors.js'
import { KEY_SPECS, KEY_USAGES, ORIGINS, PROTECTION_LEVELS, USAGES_BY_SPEC, defaultUsage, isSymmetric } from '../../domain/key-spec.js'
import { parseRotationInterval, ROTATION_RANGE } from '../../domain/rotation-interval.js'
import { validateTags } from '../../domain/tags.js'
import { keyMetadata } from '../views/key-metadata.js'
import { createKey } from '../../services/keys/keys.js'
import { validateKeyPolicy } from '../../domain/key-policy.js'
import { requireKnownDkmsInstance } from '../../services/instance/kms-instance.js'

export const CreateKey = defineAction({
  name: 'CreateKey',
  description: 'Creates a key with real material for its spec (or an EXTERNAL key awaiting import).',
  params: {
    KeySpec: p.oneOf(KEY_SPECS, { default: 'Aliyun_AES_256', description: 'The key spec.' }),
    KeyUsage: p.oneOf(KEY_USAGES, { description: 'Defaults to SIGN/VERIFY for specs that can sign, else ENCRYPT/DECRYPT.' }),
    Origin: p.oneOf(ORIGINS, { default: 'Aliyun_KMS', description: 'Aliyun_KMS generates material; EXTERNAL awaits an import.' }),
    ProtectionLevel: p.oneOf(PROTECTION_LEVELS, { default: 'SOFTWARE', description: 'Only SOFTWARE is available.' }),
    Description: p.string({ maxLength: 8192, default: '', description: 'Up to 8192 characters.' }),
    EnableAutomaticRotation: p.boolean({ default: false, description: 'Rotate a symmetric key automatically.' }),
    RotationInterval: p.string({ maxLength: 32, description: 'Rotation period, 7d to 365d (e.g. 7d or 604800s); required with rotation.' }),
    DKMSInstanceId: p.string({ maxLength: 128, description: 'The KMS instance the key belongs to: this openkms instance (kst-…) or omitted.' }),
    KeyStorageMechanism: p.string({ maxLength: 64, description: 'Accepted for compatibility; keys are stored wrapped by the root key.' }),
    Policy: p.string({ maxLength: 32768, description: 'Key policy (JSON), kept and returned by GetKeyPolicy.' }),
    Tags: tagsParam(),
  },
  errors: ['InvalidParameter', 'Unsupported.ProtectionLevel', 'Forbidden.DKMSInstanceNotFound'],
  async handle(q, ctx) {
    if (q.ProtectionLevel === 'HSM')
      throw KmsErrors.unsupportedProtectionLevel('ProtectionLevel HSM needs a hardware backend, and this openkms has none; use SOFTWARE.')
    const usage = q.KeyUsage ?? defaultUsage(q.KeySpec)
    if (!USAGES_BY_SPEC[q.KeySpec].includes(usage))
      throw KmsErrors.invalidParameter('KeyUsage', `${q.KeySpec} keys support ${USAGES_BY_SPEC[q.KeySpec].join(' or ')}.`)
    if (q.Origin === 'EXTERNAL' && !isSymmetric(q.KeySpec))
      throw KmsErrors.invalidParameter('Origin', 'EXTERNAL (imported) material is available for symmetric keys only.')
    let rotationInterval: number | null = null
    if (q.EnableAutomaticRotation) {
      if (!isSymmetric(q.KeySpec) || q.Origin === 'EXTERNAL')
        throw KmsErrors.invalidParameter('EnableAutomaticRotation', 'Automatic rotation is available for symmetric Aliyun_KMS keys only.')
      if (!q.RotationInterval) throw KmsErrors.missingParameter('RotationInterval')
      rotationInterval = parseRotationInterval(q.RotationInterval, 'RotationInterval', ROTATION_RANGE.createKey)
    } else if (q.RotationInterval) parseRotationInterval(q.RotationInterval, 'RotationInterval', ROTATION_RANGE.createKey)
    const policy = q.Policy === undefined ? null : validateKeyPolicy(q.Policy, 'Policy')
    const tags = validateTags((q.Tags ?? []).map((t) => ({ tagKey: t.TagKey, tagValue: t.TagValue })), 'Tags')
    const key = await createKey(ctx, {
      keySpec: q.KeySpec,
      keyUsage: usage,
      origin: q.Origin,
      description: q.Description,
      rotationInterval,
      dkmsInstanceId: q.DKMSInstanceId === undefined ? null : requireKnownDkmsInstance(ctx, q.DKMSInstanceId),
      policy,
      tags,
    })
    return { KeyMetadata: keyMetadata(key, ctx.config, { describe: false }) }
  },
})

