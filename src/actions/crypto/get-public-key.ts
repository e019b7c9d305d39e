import { defineAction } from '../define-action.js'
import { dryRunParam, keyIdParam } from '../common-params.js'
import { keyVersionIdParam } from '../crypto-params.js'
import { publicKeyOfVersion } from '../../services/crypto/asymmetric.js'
import { publicKeyPem } from '../../crypto/keygen.js'

export const GetPublicKey = defineAction({
  name: 'GetPublicKey',
  description: 'Returns the public key of an asymmetric key version as PEM (SubjectPublicKeyInfo).',
  params: {
    KeyId: keyIdParam(),
    KeyVersionId: keyVersionIdParam(),
    DryRun: dryRunParam(),
  },
  errors: [
    'Forbidden.KeyNotFound',
    'Forbidden.KeyVersionNotFound',
    'Forbidden.AliasNotFound',
    'Rejected.UnsupportedOperation',
    'Rejected.Disabled',
    'Rejected.PendingDeletion',
    'Rejected.PendingImport',
    'DryRunOperationError',
  ],
  async handle(q, ctx) {
    const out = await publicKeyOfVersion(ctx, { keyRef: q.KeyId, keyVersionId: q.KeyVersionId, action: 'GetPublicKey', dryRun: q.DryRun })
    return { KeyId: out.keyId, KeyVersionId: out.keyVersionId, PublicKey: publicKeyPem(out.value) }
  },
})
