import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { dryRunParam, keyIdParam } from '../common-params.js'
import { KEY_USE_ERRORS, encryptionAlgorithmParam, keyVersionIdParam } from '../crypto-params.js'
import { encryptToKey } from '../../services/crypto/asymmetric.js'

export const AsymmetricEncrypt = defineAction({
  name: 'AsymmetricEncrypt',
  description: 'Encrypts with the public key of an asymmetric ENCRYPT/DECRYPT key version (RSA-OAEP or SM2).',
  params: {
    KeyId: keyIdParam(),
    KeyVersionId: keyVersionIdParam(),
    Algorithm: encryptionAlgorithmParam(),
    Plaintext: p.base64({ required: true, description: 'Base64 of the data: at most 190/214 (RSA_2048), 318/342 (RSA_3072) or 6047 (SM2) bytes.' }),
    DryRun: dryRunParam(),
  },
  errors: [...KEY_USE_ERRORS, 'Forbidden.KeyVersionNotFound'],
  async handle(q, ctx) {
    const r = { keyRef: q.KeyId, keyVersionId: q.KeyVersionId, action: 'AsymmetricEncrypt', dryRun: q.DryRun }
    const out = await encryptToKey(ctx, r, q.Algorithm, q.Plaintext)
    return { KeyId: out.keyId, KeyVersionId: out.keyVersionId, CiphertextBlob: out.value.toString('base64') }
  },
})
