import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { dryRunParam, keyIdParam } from '../common-params.js'
import { KEY_USE_ERRORS, macAlgorithmParam, macMessageParam } from '../crypto-params.js'
import { verifyMac } from '../../services/crypto/mac.js'

export const VerifyMac = defineAction({
  name: 'VerifyMac',
  description: 'Checks a MAC that GenerateMac (or any RFC 2104 HMAC with the same key) produced; a wrong MAC is Value false.',
  params: {
    KeyId: keyIdParam(),
    Message: macMessageParam(),
    Mac: p.base64({ required: true, maxBytes: 64, description: 'The MAC to check, base64.' }),
    Algorithm: macAlgorithmParam(),
    DryRun: dryRunParam(),
  },
  errors: [...KEY_USE_ERRORS],
  async handle(q, ctx) {
    const r = { keyRef: q.KeyId, algorithm: q.Algorithm, message: q.Message, action: 'VerifyMac' as const, dryRun: q.DryRun }
    const out = await verifyMac(ctx, r, q.Mac)
    return { KeyId: out.keyId, KeyVersionId: out.keyVersionId, Algorithm: q.Algorithm, Value: out.valid }
  },
})
