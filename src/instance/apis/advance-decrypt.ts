import type * as T from '../../instance-wire/messages.js'
import { defineInstanceApi, type Decoded } from './define-instance-api.js'
import { KmsErrors } from '../../domain/errors.js'
import { parseCiphertextBlob, resolveBlobAlgorithm } from '../../domain/ciphertext-blob.js'
import { gcmDecrypt } from '../../crypto/symmetric.js'
import { materialOf, rejectingInput, requireSymmetricKey } from '../../services/crypto/crypto-keys.js'
import { authorizedKeyOfVersion } from '../keys.js'
import { checkPaddingMode } from '../gcm.js'

export const AdvanceDecrypt = defineInstanceApi<Decoded<T.AdvanceDecryptRequest>, Omit<T.AdvanceDecryptResponse, 'RequestId'>>({
  name: 'AdvanceDecrypt',
  description: 'Decrypts an AdvanceEncrypt / AdvanceGenerateDataKey* CiphertextBlob with the key version it names; KeyId is optional.',
  async handle(q, ctx) {
    const parsed = parseCiphertextBlob(q.CiphertextBlob)
    if (parsed.format !== 'aliyun-advance') throw KmsErrors.invalidParameter('CiphertextBlob', 'It is not an Advance* ciphertext.')
    if (q.Iv.length > 0 && !q.Iv.equals(parsed.iv)) throw KmsErrors.invalidParameter('Iv', 'It differs from the IV inside CiphertextBlob.')
    checkPaddingMode(q.PaddingMode)
    const { key, version } = await authorizedKeyOfVersion(ctx, parsed.keyVersionId, q.KeyId)
    requireSymmetricKey(key, 'AdvanceDecrypt')
    const alg = resolveBlobAlgorithm(parsed, key.keySpec)
    const plaintext = await rejectingInput('CiphertextBlob', 'It cannot be decrypted: it was modified, or Aad differs from encryption.', () =>
      gcmDecrypt(alg, materialOf(version), parsed.iv, parsed.ciphertext, parsed.tag, q.Aad),
    )
    const response = { KeyId: key.keyId, Plaintext: plaintext, Algorithm: alg, PaddingMode: '', KeyVersionId: version.keyVersionId }
    return { response, keyVersionId: version.keyVersionId }
  },
})
