import type * as T from '../../instance-wire/messages.js'
import { defineInstanceApi, type Decoded } from './define-instance-api.js'
import { KmsErrors } from '../../domain/errors.js'
import { authorizedKey } from '../keys.js'
import { checkPaddingMode, ivFor } from '../gcm.js'
import { sealAdvance } from '../data-keys.js'

export const AdvanceEncrypt = defineInstanceApi<Decoded<T.AdvanceEncryptRequest>, Omit<T.AdvanceEncryptResponse, 'RequestId'>>({
  name: 'AdvanceEncrypt',
  description: "Encrypts under the key's primary version with AES_GCM; the CiphertextBlob ('$' layout) names its key version.",
  async handle(q, ctx) {
    const key = await authorizedKey(ctx, q.KeyId)
    if (q.Plaintext.length === 0) throw KmsErrors.invalidParameter('Plaintext', 'It is required.')
    checkPaddingMode(q.PaddingMode)
    const iv = await ivFor(q.Iv)
    const sealed = await sealAdvance(ctx.rt, key, { algorithm: q.Algorithm, iv, plaintext: q.Plaintext, aad: q.Aad, api: 'AdvanceEncrypt' })
    const response = {
      KeyId: key.keyId,
      CiphertextBlob: sealed.blob,
      Iv: iv,
      Algorithm: 'AES_GCM',
      PaddingMode: '',
      KeyVersionId: sealed.keyVersionId,
    }
    return { response, keyVersionId: sealed.keyVersionId }
  },
})
