import { defineAction } from '../define-action.js'
import { dryRunParam, keyIdParam } from '../common-params.js'
import { KEY_USE_ERRORS, macAlgorithmParam, macMessageParam } from '../crypto-params.js'
import { computeMac } from '../../services/crypto/mac.js'

export const GenerateMac = defineAction({
  name: 'GenerateMac',
  description: 'Computes an RFC 2104 HMAC of Message with an HMAC key (KeyUsage GENERATE_VERIFY_MAC).',
  params: {
    KeyId: keyIdParam(),
    Message: macMessageParam(),
    Algorithm: macAlgorithmParam(),
    DryRun: dryRunParam(),
  },
  errors: [...KEY_USE_ERRORS],
  async handle(q, ctx) {
    const out = await computeMac(ctx, { keyRef: q.KeyId, algorithm: q.Algorithm, message: q.Message, action: 'GenerateMac', dryRun: q.DryRun })
    return { KeyId: out.keyId, KeyVersionId: out.keyVersionId, Algorithm: q.Algorithm, Mac: out.mac.toString('base64') }
  },
})
