import { defineAction } from '../define-action.js'
import { dryRunParam, keyIdParam } from '../common-params.js'
import { KEY_USE_ERRORS, ciphertextBlobParam, encryptionAlgorithmParam, keyVersionIdParam } from '../crypto-params.js'
import { decryptWithKey } from '../../services/crypto/asymmetric.js'

export const AsymmetricDecrypt = defineAction({
  name: 'AsymmetricDecrypt',
  description: 'Decrypts data encrypted to the public key of an asymmetric ENCRYPT/DECRYPT key version.',
  params: {
    KeyId: keyIdParam(),
    KeyVersionId: keyVersionIdParam(),
    Algorithm: encryptionAlgorithmParam(),
    CiphertextBlob: ciphertextBlobParam('Base64 of the RSA-OAEP or SM2 (ASN.1 C1C3C2) ciphertext.'),
    DryRun: dryRunParam(),
  },
  errors: [...KEY_USE_ERRORS, 'Forbidden.KeyVersionNotFound'],
  async handle(q, ctx) {
    const r = { keyRef: q.KeyId, keyVersionId: q.KeyVersionId, action: 'AsymmetricDecrypt', dryRun: q.DryRun }
    const out = await decryptWithKey(ctx, r, q.Algorithm, q.CiphertextBlob)
    const plaintext = out.value.toString('base64')
    out.value.fill(0)
    return { KeyId: out.keyId, KeyVersionId: out.keyVersionId, Plaintext: plaintext }
  },
})
