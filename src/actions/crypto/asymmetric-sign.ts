import { defineAction } from '../define-action.js'
import { dryRunParam, keyIdParam } from '../common-params.js'
import { KEY_USE_ERRORS, digestParam, keyVersionIdParam, signAlgorithmParam } from '../crypto-params.js'
import { signWithKey } from '../../services/crypto/asymmetric.js'

export const AsymmetricSign = defineAction({
  name: 'AsymmetricSign',
  description: 'Signs a 32-byte digest with a SIGN/VERIFY key version (RSA PSS or PKCS#1 v1.5, ECDSA, SM2DSA).',
  params: {
    KeyId: keyIdParam(),
    KeyVersionId: keyVersionIdParam(),
    Algorithm: signAlgorithmParam(),
    Digest: digestParam(),
    DryRun: dryRunParam(),
  },
  errors: [...KEY_USE_ERRORS, 'Forbidden.KeyVersionNotFound'],
  async handle(q, ctx) {
    const r = { keyRef: q.KeyId, keyVersionId: q.KeyVersionId, action: 'AsymmetricSign', dryRun: q.DryRun }
    const out = await signWithKey(ctx, r, q.Algorithm, q.Digest)
    return { KeyId: out.keyId, KeyVersionId: out.keyVersionId, Value: out.value.toString('base64') }
  },
})
