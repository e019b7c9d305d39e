import type * as T from '../../instance-wire/messages.js'
import { defineInstanceApi, type Decoded } from './define-instance-api.js'
import { verifyWithKey } from '../../services/crypto/asymmetric.js'
import { authorizedKey, requestedVersionId } from '../keys.js'
import { digestToSign, messageType, signAlgorithm } from '../asymmetric.js'

export const Verify = defineInstanceApi<Decoded<T.VerifyRequest>, Omit<T.VerifyResponse, 'RequestId'>>({
  name: 'Verify',
  description: 'Checks a Sign signature over Message (RAW or DIGEST); Value is false for any signature that does not verify.',
  async handle(q, ctx) {
    const key = await authorizedKey(ctx, q.KeyId)
    const alg = signAlgorithm(key, q.Algorithm, 'Verify')
    const type = messageType(q.MessageType)
    const keyVersionId = await requestedVersionId(ctx, key)
    const digest = await digestToSign(ctx.rt, { key, keyVersionId, alg }, { Digest: q.Digest, Message: q.Message, type })
    const out = await verifyWithKey(ctx.rt, { keyRef: key.keyId, keyVersionId, action: 'Verify' }, alg, digest, q.Signature)
    return { response: { KeyId: key.keyId, Value: out.value, Algorithm: alg, MessageType: type }, keyVersionId }
  },
})
