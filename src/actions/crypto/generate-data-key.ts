import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { dryRunParam, keyIdParam } from '../common-params.js'
import { KEY_USE_ERRORS, dataKeySpecParam, encryptionContextParam, numberOfBytesParam } from '../crypto-params.js'
import { dataKeyLength } from '../../domain/data-key.js'
import { generateDataKey } from '../../services/crypto/data-keys.js'

export const GenerateDataKey = defineAction({
  name: 'GenerateDataKey',
  description: 'Generates a random data key and returns it both in plaintext and encrypted under a symmetric key.',
  params: {
    KeyId: keyIdParam(),
    KeySpec: dataKeySpecParam(),
    NumberOfBytes: numberOfBytesParam(),
    EncryptionContext: encryptionContextParam(),
    DryRun: dryRunParam(),
    Recipient: p.string({ maxLength: 8192, description: 'Accepted for compatibility and ignored: openkms has no attested recipients.' }),
  },
  errors: [...KEY_USE_ERRORS],
  async handle(q, ctx) {
    const length = dataKeyLength(q.KeySpec, q.NumberOfBytes)
    const dk = await generateDataKey(ctx, q.KeyId, length, q.EncryptionContext, { dryRun: q.DryRun, action: 'GenerateDataKey' })
    const plaintext = dk.plaintext.toString('base64')
    dk.plaintext.fill(0)
    return { KeyId: dk.keyId, KeyVersionId: dk.keyVersionId, Plaintext: plaintext, CiphertextBlob: dk.blob.toString('base64') }
  },
})
