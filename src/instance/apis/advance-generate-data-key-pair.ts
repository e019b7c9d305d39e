import type * as T from '../../instance-wire/messages.js'
import { defineInstanceApi, type Decoded } from './define-instance-api.js'
import { generateDataKeyPairCall } from '../data-key-pair-call.js'

export const AdvanceGenerateDataKeyPair = defineInstanceApi<
  Decoded<T.AdvanceGenerateDataKeyPairRequest>,
  Omit<T.AdvanceGenerateDataKeyPairResponse, 'RequestId'>
>({
  name: 'AdvanceGenerateDataKeyPair',
  description: "Like GenerateDataKeyPair, with the private key encrypted under the key's primary version ('$' layout, AdvanceDecrypt).",
  async handle(q, ctx) {
    const response = await generateDataKeyPairCall(ctx, q, { api: 'AdvanceGenerateDataKeyPair', advance: true })
    return { response, keyVersionId: response.KeyVersionId }
  },
})
