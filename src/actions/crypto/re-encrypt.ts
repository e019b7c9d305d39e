import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { dryRunParam, keyIdParam } from '../common-params.js'
import { KEY_USE_ERRORS, ENCRYPTION_ALGORITHMS, ciphertextBlobParam, encryptionContextParam } from '../crypto-params.js'
import { reEncrypt } from '../../services/crypto/re-encrypt.js'

export const ReEncrypt = defineAction({
  name: 'ReEncrypt',
  description: 'Decrypts a ciphertext (symmetric blob, or data encrypted to an asymmetric key) and encrypts it under another symmetric key.',
  params: {
    CiphertextBlob: ciphertextBlobParam('Base64 of the source ciphertext.'),
    DestinationKeyId: keyIdParam(),
    DestinationEncryptionContext: encryptionContextParam('EncryptionContext bound to the new ciphertext.'),
    SourceEncryptionContext: encryptionContextParam('EncryptionContext of a symmetric source ciphertext.'),
    SourceKeyId: p.string({ maxLength: 512, description: 'Asymmetric source: the key the data was encrypted to.' }),
    SourceKeyVersionId: p.string({ maxLength: 128, description: 'Asymmetric source: its key version.' }),
    SourceEncryptionAlgorithm: p.oneOf(ENCRYPTION_ALGORITHMS, { description: 'Asymmetric source: RSAES_OAEP_SHA_256, RSAES_OAEP_SHA_1 or SM2PKE.' }),
    DryRun: dryRunParam(),
  },
  errors: [...KEY_USE_ERRORS, 'MissingParameter', 'Forbidden.KeyVersionNotFound'],
  async handle(q, ctx) {
    const sealed = await reEncrypt(ctx, {
      blob: q.CiphertextBlob,
      destinationKeyRef: q.DestinationKeyId,
      destinationContext: q.DestinationEncryptionContext,
      sourceContext: q.SourceEncryptionContext,
      sourceKeyRef: q.SourceKeyId,
      sourceKeyVersionId: q.SourceKeyVersionId,
      sourceAlgorithm: q.SourceEncryptionAlgorithm,
      dryRun: q.DryRun,
    })
    return { KeyId: sealed.keyId, KeyVersionId: sealed.keyVersionId, CiphertextBlob: sealed.blob.toString('base64') }
  },
})
