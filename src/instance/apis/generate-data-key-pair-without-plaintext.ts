import type * as T from '../../instance-wire/messages.js'
import { defineInstanceApi, type Decoded } from './define-instance-api.js'
import { generateDataKeyPairCall } from '../data-key-pair-call.js'

export const GenerateDataKeyPairWithoutPlaintext = defineInstanceApi<
  Decoded<T.GenerateDataKeyPairWithoutPlaintextRequest>,
  Omit<T.GenerateDataKeyPairWithoutPlaintextResponse, 'RequestId'>
>({
  name: 'GenerateDataKeyPairWithoutPlaintext',
  description: "Like GenerateDataKeyPair, without the plaintext private key: only its encryption under the key's first version.",
  async handle(q, ctx) {
    const out = await generateDataKeyPairCall(ctx, q, { api: 'GenerateDataKeyPairWithoutPlaintext', advance: false })
    const { KeyVersionId, PrivateKeyPlaintext, ...response } = out
    PrivateKeyPlaintext.fill(0)
    return { response, keyVersionId: KeyVersionId }
  },
})
