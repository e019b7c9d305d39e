import type * as T from '../../instance-wire/messages.js'
import { defineInstanceApi, type Decoded } from './define-instance-api.js'
import { generateDataKeyPairCall } from '../data-key-pair-call.js'

export const GenerateDataKeyPair = defineInstanceApi<Decoded<T.GenerateDataKeyPairRequest>, Omit<T.GenerateDataKeyPairResponse, 'RequestId'>>({
  name: 'GenerateDataKeyPair',
  description:
    "Returns a new key pair (KeyPairSpec, default RSA_2048; KeyFormat PEM or DER) and its private key encrypted under the key's first version.",
  async handle(q, ctx) {
    const { KeyVersionId, ...response } = await generateDataKeyPairCall(ctx, q, { api: 'GenerateDataKeyPair', advance: false })
    return { response, keyVersionId: KeyVersionId }
  },
})
