import { defineAction } from '../define-action.js'
import { dryRunParam, keyIdParam } from '../common-params.js'
import { KEY_USE_ERRORS, dataKeySpecParam, encryptionContextParam, numberOfBytesParam, publicKeyBlobParam, wrappingAlgorithmParam, wrappingKeySpecParam } from '../crypto-params.js'
import { dataKeyLength } from '../../domain/data-key.js'
import { exportWrapping, generateDataKey, wrapDataKey } from '../../services/crypto/data-keys.js'

export const GenerateAndExportDataKey = defineAction({
  name: 'GenerateAndExportDataKey',
  description: 'Generates a data key and returns it encrypted under a symmetric key and encrypted to a given public key.',
  params: {
    KeyId: keyIdParam(),
    PublicKeyBlob: publicKeyBlobParam(),
    WrappingKeySpec: wrappingKeySpecParam(),
    WrappingAlgorithm: wrappingAlgorithmParam(),
    KeySpec: dataKeySpecParam(),
    NumberOfBytes: numberOfBytesParam(),
    EncryptionContext: encryptionContextParam(),
    DryRun: dryRunParam(),
  },
  errors: [...KEY_USE_ERRORS],
  async handle(q, ctx) {
    const wrapping = exportWrapping(q.WrappingKeySpec, q.WrappingAlgorithm, q.PublicKeyBlob)
    const length = dataKeyLength(q.KeySpec, q.NumberOfBytes)
    const dk = await generateDataKey(ctx, q.KeyId, length, q.EncryptionContext, {
      dryRun: q.DryRun,
      action: 'GenerateAndExportDataKey',
      exportTo: wrapping,
    })
    try {
      const exported = await wrapDataKey(ctx, wrapping, dk.plaintext)
      return {
        KeyId: dk.keyId,
        KeyVersionId: dk.keyVersionId,
        CiphertextBlob: dk.blob.toString('base64'),
        ExportedDataKey: exported.toString('base64'),
      }
    } finally {
      dk.plaintext.fill(0)
    }
  },
})
