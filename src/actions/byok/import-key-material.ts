import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { keyIdParam } from '../common-params.js'
import { MAX_MATERIAL_EXPIRE_UNIX } from '../../domain/byok.js'
import { importKeyMaterial } from '../../services/keys/key-material.js'

export const ImportKeyMaterial = defineAction({
  name: 'ImportKeyMaterial',
  description: 'Imports key material wrapped with the public key from GetParametersForImport; the key becomes usable (PendingImport → Enabled).',
  params: {
    KeyId: keyIdParam(),
    EncryptedKeyMaterial: p.base64({
      required: true,
      maxBytes: 1024,
      description: 'Base64 of the material encrypted with the import public key by the token\'s WrappingAlgorithm (32 bytes for Aliyun_AES_256, 24 for Aliyun_AES_192, 16 for Aliyun_AES_128 and Aliyun_SM4).',
    }),
    ImportToken: p.string({ required: true, maxLength: 1024, description: 'The ImportToken returned by GetParametersForImport for this key.' }),
    KeyMaterialExpireUnix: p.integer({
      min: 0,
      max: MAX_MATERIAL_EXPIRE_UNIX,
      description: 'When the material expires, in Unix seconds; 0 or absent = never. Must be in the future.',
    }),
  },
  errors: [
    'Forbidden.KeyNotFound',
    'Forbidden.AliasNotFound',
    'Unsupported.Origin',
    'InvalidParameter',
    'InvalidImportToken',
    'ExpiredImportToken',
    'InvalidKeyMaterial',
    'Rejected.StateModifiedFailed',
  ],
  async handle(q, ctx) {
    await importKeyMaterial(ctx, {
      keyRef: q.KeyId,
      encryptedKeyMaterial: q.EncryptedKeyMaterial,
      importToken: q.ImportToken,
      expireUnix: q.KeyMaterialExpireUnix,
    })
    return {}
  },
})
