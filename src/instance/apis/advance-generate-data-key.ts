import type * as T from '../../instance-wire/messages.js'
import { defineInstanceApi, type Decoded } from './define-instance-api.js'
import { randomBytesAsync } from '../../crypto/random.js'
import { authorizedKey } from '../keys.js'
import { ivFor } from '../gcm.js'
import { advanceAlgorithm, dataKeyBytes, sealAdvance } from '../data-keys.js'

export const AdvanceGenerateDataKey = defineInstanceApi<
  Decoded<T.AdvanceGenerateDataKeyRequest>,
  Omit<T.AdvanceGenerateDataKeyResponse, 'RequestId'>
>({
  name: 'AdvanceGenerateDataKey',
  description: "Returns a random data key and its encryption under the key's primary version ('$' layout); decrypt it with AdvanceDecrypt.",
  async handle(q, ctx) {
    const key = await authorizedKey(ctx, q.KeyId)
    const algorithm = advanceAlgorithm(key, '', 'AdvanceGenerateDataKey')
    const plaintext = await randomBytesAsync(dataKeyBytes(q.NumberOfBytes))
    const iv = await ivFor(Buffer.alloc(0))
    const sealed = await sealAdvance(ctx.rt, key, { algorithm, iv, plaintext, aad: q.Aad, api: 'AdvanceGenerateDataKey' })
    const response = {
      KeyId: key.keyId,
      Iv: iv,
      Plaintext: plaintext,
      CiphertextBlob: sealed.blob,
      Algorithm: 'AES_GCM',
      KeyVersionId: sealed.keyVersionId,
    }
    return { response, keyVersionId: sealed.keyVersionId }
  },
})
