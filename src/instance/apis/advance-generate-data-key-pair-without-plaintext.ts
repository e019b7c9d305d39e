import type * as T from '../../instance-wire/messages.js'
import { defineInstanceApi, type Decoded } from './define-instance-api.js'
import { generateDataKeyPairCall } from '../data-key-pair-call.js'

export const AdvanceGenerateDataKeyPairWithoutPlaintext = defineInstanceApi<
  Decoded<T.AdvanceGenerateDataKeyPairWithoutPlaintextRequest>,
  Omit<T.AdvanceGenerateDataKeyPairWithoutPlaintextResponse, 'RequestId'>
>({
  name: 'AdvanceGenerateDataKeyPairWithoutPlaintext',
  description: 'Like AdvanceGenerateDataKeyPair, without the plaintext private key.',
  async handle(q, ctx) {
    const out = await generateDataKeyPairCall(ctx, q, { api: 'AdvanceGenerateDataKeyPairWithoutPlaintext', advance: true })
    const { PrivateKeyPlaintext, ...response } = out
    PrivateKeyPlaintext.fill(0)
    return { response, keyVersionId: response.KeyVersionId }
  },
})
