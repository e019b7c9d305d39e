import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { dryRunParam, keyIdParam } from '../common-params.js'
import { KEY_USE_ERRORS, digestParam, keyVersionIdParam, signAlgorithmParam } from '../crypto-params.js'
import { verifyWithKey } from '../../services/crypto/asymmetric.js'

export const AsymmetricVerify = defineAction({
  name: 'AsymmetricVerify',
  description: 'Verifies a signature over a 32-byte digest; Value is false for a wrong or malformed signature.',
  params: {
    KeyId: keyIdParam(),
    KeyVersionId: keyVersionIdParam(),
    Algorithm: signAlgorithmParam(),
    Digest: digestParam(),
    Value: p.base64({ required: true, description: 'Base64 of the signature (RSA bytes, or DER for ECDSA and SM2DSA).' }),
    DryRun: dryRunParam(),
  },
  errors: [...KEY_USE_ERRORS, 'Forbidden.KeyVersionNotFound'],
  async handle(q, ctx) {
    const r = { keyRef: q.KeyId, keyVersionId: q.KeyVersionId, action: 'AsymmetricVerify', dryRun: q.DryRun }
    const out = await verifyWithKey(ctx, r, q.Algorithm, q.Digest, q.Value)
    return { KeyId: out.keyId, KeyVersionId: out.keyVersionId, Value: out.value }
  },
})
