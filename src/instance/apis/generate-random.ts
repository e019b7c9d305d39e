import type * as T from '../../instance-wire/messages.js'
import { defineInstanceApi, type Decoded } from './define-instance-api.js'
import { KmsErrors } from '../../domain/errors.js'
import { randomBytesAsync } from '../../crypto/random.js'

/** Alibaba documents 1 to 1024 bytes; proto3 cannot tell 0 from absent, so 0 means the default. */
const MAX_LENGTH = 1024
const DEFAULT_LENGTH = 32

export const GenerateRandom = defineInstanceApi<Decoded<T.GenerateRandomRequest>, Omit<T.GenerateRandomResponse, 'RequestId'>>({
  name: 'GenerateRandom',
  description: 'Returns Length random bytes (1 to 1024, default 32) from the operating system CSPRNG.',
  async handle(q, ctx) {
    await ctx.authorizeAny('CryptoServiceKeyUser', 'GenerateRandom')
    const length = q.Length === 0 ? DEFAULT_LENGTH : q.Length
    if (length < 1 || length > MAX_LENGTH) throw KmsErrors.invalidParameter('Length', `It must be 1 to ${MAX_LENGTH}.`)
    return { response: { Random: await randomBytesAsync(length) } }
  },
})
