import { defineAction } from '../define-action.js'
import { dryRunParam } from '../common-params.js'
import { BLOB_KEY_ERRORS, ciphertextBlobParam, encryptionContextParam, publicKeyBlobParam, wrappingAlgorithmParam, wrappingKeySpecParam } from '../crypto-params.js'
import { exportDataKey, exportWrapping } from '../../services/crypto/data-keys.js'

export const ExportDataKey = defineAction({
  name: 'ExportDataKey',
  description: 'Re-encrypts a data key from GenerateDataKey* (given as its CiphertextBlob) to a given public key.',
  params: {
    CiphertextBlob: ciphertextBlobParam('Base64 of the data key ciphertext from GenerateDataKey*.'),
    PublicKeyBlob: publicKeyBlobParam(),
    WrappingKeySpec: wrappingKeySpecParam(),
    WrappingAlgorithm: wrappingAlgorithmParam(),
    EncryptionContext: encryptionContextParam('The EncryptionContext given when the data key was generated.'),
    DryRun: dryRunParam(),
  },
  errors: BLOB_KEY_ERRORS,
  async handle(q, ctx) {
    const wrapping = exportWrapping(q.WrappingKeySpec, q.WrappingAlgorithm, q.PublicKeyBlob)
    const r = await exportDataKey(ctx, q.CiphertextBlob, q.EncryptionContext, wrapping, { dryRun: q.DryRun })
    return { KeyId: r.keyId, KeyVersionId: r.keyVersionId, ExportedDataKey: r.exported.toString('base64') }
  },
})
