import type * as T from '../../instance-wire/messages.js'
import { defineInstanceApi, type Decoded, type InstanceCallContext } from './define-instance-api.js'
import { KmsErrors } from '../../domain/errors.js'
import { isSymmetric } from '../../domain/key-spec.js'
import { decryptWithKey } from '../../services/crypto/asymmetric.js'
import { authorizedKey, authorizedKeyOfVersion, initialVersion, requestedVersionId } from '../keys.js'
import { checkPaddingMode, openRaw, symmetricAlgorithm } from '../gcm.js'
import { encryptionAlgorithm } from '../asymmetric.js'

/**
 * The key version to decrypt with: the one `x-kms-migrationkeyversionid` names (Alibaba's combined SDK sends it
 * instead of a KeyId), else the key's first version, which Encrypt used.
 */
async function decryptionTarget(ctx: InstanceCallContext, ref: string) {
  if (ctx.migrationKeyVersionId) {
    const { key, version } = await authorizedKeyOfVersion(ctx, ctx.migrationKeyVersionId, ref)
    return { key, keyVersionId: version.keyVersionId, version }
  }
  const key = await authorizedKey(ctx, ref)
  if (!isSymmetric(key.keySpec)) return { key, keyVersionId: await requestedVersionId(ctx, key), version: undefined }
  const version = await initialVersion(ctx, key)
  return { key, keyVersionId: version.keyVersionId, version }
}

export const Decrypt = defineInstanceApi<Decoded<T.DecryptRequest>, Omit<T.DecryptResponse, 'RequestId'>>({
  name: 'Decrypt',
  description:
    'Decrypts what Encrypt or GenerateDataKey* returned (CiphertextBlob with its Iv and Aad), or an RSA/SM2 ciphertext; ' +
    'the key version comes from x-kms-migrationkeyversionid when the combined SDK sends it.',
  async handle(q, ctx) {
    const { key, keyVersionId, version } = await decryptionTarget(ctx, q.KeyId)
    if (q.CiphertextBlob.length === 0) throw KmsErrors.invalidParameter('CiphertextBlob', 'It is required.')
    checkPaddingMode(q.PaddingMode)
    if (!version || !isSymmetric(key.keySpec)) {
      const alg = encryptionAlgorithm(key, q.Algorithm, 'Decrypt')
      const out = await decryptWithKey(ctx.rt, { keyRef: key.keyId, keyVersionId, action: 'Decrypt' }, alg, q.CiphertextBlob)
      return { response: { KeyId: key.keyId, Plaintext: out.value, Algorithm: alg, PaddingMode: '' }, keyVersionId }
    }
    const alg = symmetricAlgorithm(key, q.Algorithm, 'Decrypt')
    const plaintext = await openRaw(alg, version, q.Iv, q.CiphertextBlob, q.Aad)
    return { response: { KeyId: key.keyId, Plaintext: plaintext, Algorithm: alg, PaddingMode: '' }, keyVersionId }
  },
})
