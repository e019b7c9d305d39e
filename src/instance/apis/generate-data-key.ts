import type * as T from '../../instance-wire/messages.js'
import { defineInstanceApi, type Decoded } from './define-instance-api.js'
import { randomBytesAsync } from '../../crypto/random.js'
import { authorizedKey, initialVersion } from '../keys.js'
import { ivFor, sealRaw, symmetricAlgorithm } from '../gcm.js'
import { dataKeyBytes } from '../data-keys.js'

export const GenerateDataKey = defineInstanceApi<Decoded<T.GenerateDataKeyRequest>, Omit<T.GenerateDataKeyResponse, 'RequestId'>>({
  name: 'GenerateDataKey',
  description:
    "Returns a random data key (NumberOfBytes, default 32) and its encryption under the key's first version; decrypt it with Decrypt.",
  async handle(q, ctx) {
    const key = await authorizedKey(ctx, q.KeyId)
    const alg = symmetricAlgorithm(key, q.Algorithm, 'GenerateDataKey')
    const plaintext = await randomBytesAsync(dataKeyBytes(q.NumberOfBytes))
    const version = await initialVersion(ctx, key)
    const iv = await ivFor(Buffer.alloc(0))
    const CiphertextBlob = sealRaw(alg, version, iv, plaintext, q.Aad)
    return { response: { KeyId: key.keyId, Iv: iv, Plaintext: plaintext, CiphertextBlob, Algorithm: alg }, keyVersionId: version.keyVersionId }
  },
})
