import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { keyIdParam } from '../common-params.js'
import { requireWrappingPair, WRAPPING_ALGORITHM_NAMES, WRAPPING_KEY_SPEC_NAMES } from '../../domain/byok.js'
import { formatUtc } from '../../domain/time.js'
import { issueImportToken } from '../../services/keys/import-tokens.js'

export const GetParametersForImport = defineAction({
  name: 'GetParametersForImport',
  description: 'Returns a new RSA-2048 wrapping public key and import token (valid 24 hours) for importing material into an EXTERNAL key.',
  params: {
    KeyId: keyIdParam(),
    WrappingAlgorithm: p.oneOf(WRAPPING_ALGORITHM_NAMES, {
      required: true,
      description: 'How the material will be wrapped: RSAES_OAEP_SHA_256 (recommended), RSAES_OAEP_SHA_1 or RSAES_PKCS1_V1_5. SM2PKE is HSM-only and refused.',
    }),
    WrappingKeySpec: p.oneOf(WRAPPING_KEY_SPEC_NAMES, { required: true, description: 'RSA_2048 (EC_SM2 is HSM-only and refused).' }),
  },
  errors: ['Forbidden.KeyNotFound', 'Forbidden.AliasNotFound', 'Unsupported.Origin', 'InvalidParameter'],
  async handle(q, ctx) {
    const algorithm = requireWrappingPair(q.WrappingAlgorithm, q.WrappingKeySpec)
    const issued = await issueImportToken(ctx, q.KeyId, algorithm)
    return {
      KeyId: issued.keyId,
      ImportToken: issued.importToken,
      PublicKey: issued.publicKey.toString('base64'),
      TokenExpireTime: formatUtc(issued.expiresAt),
    }
  },
})
