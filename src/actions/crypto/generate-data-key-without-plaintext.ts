import { defineAction } from '../define-action.js'
import { dryRunParam, keyIdParam } from '../common-params.js'
import { KEY_USE_ERRORS, dataKeySpecParam, encryptionContextParam, numberOfBytesParam } from '../crypto-params.js'
import { dataKeyLength } from '../../domain/data-key.js'
import { generateDataKey } from '../../services/crypto/data-keys.js'

export const GenerateDataKeyWithoutPlaintext = defineAction({
  name: 'GenerateDataKeyWithoutPlaintext',
  description: 'Generates a random data key and returns it only encrypted under a symmetric key.',
  params: {
    KeyId: keyIdParam(),
    KeySpec: dataKeySpecParam(),
    NumberOfBytes: numberOfBytesParam(),
    EncryptionContext: encryptionContextParam(),
    DryRun: dryRunParam(),
  },
  errors: [...KEY_USE_ERRORS],
  async handle(q, ctx) {
    const length = dataKeyLength(q.KeySpec, q.NumberOfBytes)
    const dk = await generateDataKey(ctx, q.KeyId, length, q.EncryptionContext, {
      dryRun: q.DryRun,
      action: 'GenerateDataKeyWithoutPlaintext',
    })
    dk.plaintext.fill(0)
    return { KeyId: dk.keyId, KeyVersionId: dk.keyVersionId, CiphertextBlob: dk.blob.toString('base64') }
  },
})
