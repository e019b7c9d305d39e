import type * as T from '../../instance-wire/messages.js'
import { defineInstanceApi, type Decoded } from './define-instance-api.js'
import { KmsErrors } from '../../domain/errors.js'
import { authorizedKey } from '../keys.js'

export const Hmac = defineInstanceApi<Decoded<T.HmacRequest>, Omit<T.HmacResponse, 'RequestId'>>({
  name: 'Hmac',
  description: 'Refused with UnsupportedOperation after authorisation: openkms has no HMAC key specs (docs/instance-api.md).',
  async handle(q, ctx) {
    const key = await authorizedKey(ctx, q.KeyId)
    throw KmsErrors.unsupportedOperation(`Hmac needs an HMAC key, and openkms offers no HMAC key specs; ${key.keyId} is ${key.keySpec}.`)
  },
})
