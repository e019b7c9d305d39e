import type * as T from '../../instance-wire/messages.js'
import { defineInstanceApi, type Decoded } from './define-instance-api.js'
import { publicKeyOfVersion } from '../../services/crypto/asymmetric.js'
import { requireAsymmetricKey } from '../../services/crypto/crypto-keys.js'
import { publicKeyPem } from '../../crypto/keygen.js'
import { authorizedKey, requestedVersionId } from '../keys.js'

export const GetPublicKey = defineInstanceApi<Decoded<T.GetPublicKeyRequest>, Omit<T.GetPublicKeyResponse, 'RequestId'>>({
  name: 'GetPublicKey',
  description: "Returns an asymmetric key's public key as PEM (SubjectPublicKeyInfo), of its first version or the one x-kms-migrationkeyversionid names.",
  async handle(q, ctx) {
    const key = await authorizedKey(ctx, q.KeyId)
    requireAsymmetricKey(key, 'GetPublicKey')
    const keyVersionId = await requestedVersionId(ctx, key)
    const out = await publicKeyOfVersion(ctx.rt, { keyRef: key.keyId, keyVersionId, action: 'GetPublicKey' })
    return { response: { KeyId: key.keyId, PublicKey: publicKeyPem(out.value) }, keyVersionId }
  },
})
