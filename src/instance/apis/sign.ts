import type * as T from '../../instance-wire/messages.js'
import { defineInstanceApi, type Decoded } from './define-instance-api.js'
import { signWithKey } from '../../services/crypto/asymmetric.js'
import { authorizedKey, requestedVersionId } from '../keys.js'
import { digestToSign, messageType, signAlgorithm } from '../asymmetric.js'

export const Sign = defineInstanceApi<Decoded<T.SignRequest>, Omit<T.SignResponse, 'RequestId'>>({
  name: 'Sign',
  description:
    'Signs Message (MessageType RAW: hashed here; DIGEST: already the 32-byte digest) with RSA_PSS_SHA_256, RSA_PKCS1_SHA_256, ECDSA_SHA_256 or SM2DSA.',
  async handle(q, ctx) {
    const key = await authorizedKey(ctx, q.KeyId)
    const alg = signAlgorithm(key, q.Algorithm, 'Sign')
    const type = messageType(q.MessageType)
    const keyVersionId = await requestedVersionId(ctx, key)
    const digest = await digestToSign(ctx.rt, { key, keyVersionId, alg }, { Digest: q.Digest, Message: q.Message, type })
    const out = await signWithKey(ctx.rt, { keyRef: key.keyId, keyVersionId, action: 'Sign' }, alg, digest)
    return { response: { KeyId: key.keyId, Signature: out.value, Algorithm: alg, MessageType: type }, keyVersionId }
  },
})
