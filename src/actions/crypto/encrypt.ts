import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { dryRunParam, keyIdParam } from '../common-params.js'
import { KEY_USE_ERRORS, encryptionContextParam } from '../crypto-params.js'
import { plaintextBytes } from '../../domain/symmetric-plaintext.js'
import { encryptWithKey } from '../../services/crypto/symmetric.js'

export const Encrypt = defineAction({
  name: 'Encrypt',
  description: 'Encrypts up to 6 KB with the primary version of a symmetric key (AES-GCM, or SM4-GCM for Aliyun_SM4).',
  params: {
    KeyId: keyIdParam(),
    Plaintext: p.string({
      required: true,
      description: 'The data, usually base64 (6 KB decoded); sealed as given, and Decrypt returns the same string (at most 8192 bytes).',
    }),
    EncryptionContext: encryptionContextParam(),
    DryRun: dryRunParam(),
  },
  errors: [...KEY_USE_ERRORS],
  async handle(q, ctx) {
    const sealed = await encryptWithKey(ctx, q.KeyId, plaintextBytes(q.Plaintext), q.EncryptionContext, { dryRun: q.DryRun })
    return { KeyId: sealed.keyId, KeyVersionId: sealed.keyVersionId, CiphertextBlob: sealed.blob.toString('base64') }
  },
})
