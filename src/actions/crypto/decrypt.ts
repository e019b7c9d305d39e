import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { dryRunParam } from '../common-params.js'
import { BLOB_KEY_ERRORS, ciphertextBlobParam, encryptionContextParam } from '../crypto-params.js'
import { decryptBlob } from '../../services/crypto/symmetric.js'
import { plaintextText } from '../../domain/symmetric-plaintext.js'

export const Decrypt = defineAction({
  name: 'Decrypt',
  description: 'Decrypts a CiphertextBlob from Encrypt, GenerateDataKey* or ReEncrypt; the blob names its key version.',
  params: {
    CiphertextBlob: ciphertextBlobParam('Base64 ciphertext from Encrypt, GenerateDataKey* or ReEncrypt.'),
    EncryptionContext: encryptionContextParam('The EncryptionContext given at encryption (order does not matter).'),
    DryRun: dryRunParam(),
    Recipient: p.string({ maxLength: 8192, description: 'Accepted for compatibility and ignored: openkms has no attested recipients.' }),
  },
  errors: BLOB_KEY_ERRORS,
  async handle(q, ctx) {
    const opened = await decryptBlob(ctx, q.CiphertextBlob, q.EncryptionContext, { dryRun: q.DryRun })
    const plaintext = plaintextText(opened.plaintext)
    opened.plaintext.fill(0)
    return { KeyId: opened.keyId, KeyVersionId: opened.keyVersionId, Plaintext: plaintext }
  },
})
