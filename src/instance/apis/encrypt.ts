import type * as T from '../../instance-wire/messages.js'
import { defineInstanceApi, type Decoded } from './define-instance-api.js'
import { KmsErrors } from '../../domain/errors.js'
import { isSymmetric } from '../../domain/key-spec.js'
import { encryptToKey } from '../../services/crypto/asymmetric.js'
import { authorizedKey, initialVersion, requestedVersionId } from '../keys.js'
import { checkPaddingMode, ivFor, sealRaw, symmetricAlgorithm } from '../gcm.js'
import { encryptionAlgorithm } from '../asymmetric.js'

export const Encrypt = defineInstanceApi<Decoded<T.EncryptRequest>, Omit<T.EncryptResponse, 'RequestId'>>({
  name: 'Encrypt',
  description:
    "Encrypts under the key's first version: symmetric keys with AES_GCM / SM4_GCM (CiphertextBlob = ciphertext‖tag, Iv apart), " +
    'RSA and SM2 keys with RSAES_OAEP_SHA_256 / RSAES_OAEP_SHA_1 / SM2PKE.',
  async handle(q, ctx) {
    const key = await authorizedKey(ctx, q.KeyId)
    if (q.Plaintext.length === 0) throw KmsErrors.invalidParameter('Plaintext', 'It is required.')
    if (!isSymmetric(key.keySpec)) {
      const alg = encryptionAlgorithm(key, q.Algorithm, 'Encrypt')
      checkPaddingMode(q.PaddingMode)
      const keyVersionId = await requestedVersionId(ctx, key)
      const out = await encryptToKey(ctx.rt, { keyRef: key.keyId, keyVersionId, action: 'Encrypt' }, alg, q.Plaintext)
      const response = { KeyId: key.keyId, CiphertextBlob: out.value, Iv: Buffer.alloc(0), Algorithm: alg, PaddingMode: '' }
      return { response, keyVersionId }
    }
    const alg = symmetricAlgorithm(key, q.Algorithm, 'Encrypt')
    checkPaddingMode(q.PaddingMode)
    const version = await initialVersion(ctx, key)
    const iv = await ivFor(q.Iv)
    const response = { KeyId: key.keyId, CiphertextBlob: sealRaw(alg, version, iv, q.Plaintext, q.Aad), Iv: iv, Algorithm: alg, PaddingMode: '' }
    return { response, keyVersionId: version.keyVersionId }
  },
})
