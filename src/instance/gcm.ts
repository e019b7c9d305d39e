/**
 * Symmetric encryption in the instance API's own layout (spec/kms-instance-api.md §2 "Ciphertext formats"):
 * CiphertextBlob is the GCM output `ciphertext ‖ tag(16)` and the 12-byte Iv travels in its own field; the Aad
 * field is the GCM additional data, byte for byte. The cipher itself is the shared one (crypto/symmetric.ts).
 */
import type { KeyRecord } from '../store/store.js'
import type { CachedVersion } from '../services/keys/key-cache.js'
import { KmsErrors } from '../domain/errors.js'
import { GCM_IV_LENGTH, GCM_TAG_LENGTH, gcmDecrypt, gcmEncrypt, type GcmAlgorithm } from '../crypto/symmetric.js'
import { randomBytesAsync } from '../crypto/random.js'
import { materialOf, rejectingInput, requireSymmetricKey } from '../services/crypto/crypto-keys.js'
import { gcmAlgorithmOf } from '../services/crypto/symmetric.js'

/** Modes Alibaba offers only on hardware (HSM) instances; openkms has none. */
const HSM_ONLY = new Set(['AES_CBC', 'AES_ECB'])

/**
 * The cipher for `key`: an empty Algorithm means the key's own (AES_GCM, or SM4_GCM for Aliyun_SM4); a named one
 * must be that one. The key must be symmetric (`api` names the call in the refusal).
 */
export function symmetricAlgorithm(key: KeyRecord, requested: string, api: string): GcmAlgorithm {
  requireSymmetricKey(key, api)
  const own = gcmAlgorithmOf(key.keySpec)
  if (requested === '' || requested === own) return own
  if (HSM_ONLY.has(requested)) {
    throw KmsErrors.unsupportedOperation(`${requested} is available on hardware (HSM) instances only; ${key.keySpec} keys use ${own}.`)
  }
  throw KmsErrors.invalidParameter('Algorithm', `${key.keySpec} keys encrypt with ${own}.`)
}

/** PaddingMode applies to AES_CBC and AES_ECB only, which openkms does not offer. */
export function checkPaddingMode(paddingMode: string): void {
  if (paddingMode !== '') throw KmsErrors.invalidParameter('PaddingMode', 'It applies to AES_CBC and AES_ECB only; GCM has no padding.')
}

/** The caller's 12-byte IV, or a fresh random one when none was given. */
export async function ivFor(requested: Buffer): Promise<Buffer> {
  if (requested.length === 0) return randomBytesAsync(GCM_IV_LENGTH)
  if (requested.length !== GCM_IV_LENGTH) throw KmsErrors.invalidParameter('Iv', `It must be ${GCM_IV_LENGTH} bytes for GCM; got ${requested.length}.`)
  return requested
}

/** `ciphertext ‖ tag` of `plaintext` under `version`. */
export function sealRaw(alg: GcmAlgorithm, version: CachedVersion, iv: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const { ciphertext, tag } = gcmEncrypt(alg, materialOf(version), iv, plaintext, aad)
  return Buffer.concat([ciphertext, tag])
}

/** Opens `ciphertext ‖ tag`; a wrong Iv, Aad, key or any altered byte is InvalidParameter naming CiphertextBlob. */
export function openRaw(alg: GcmAlgorithm, version: CachedVersion, iv: Buffer, blob: Buffer, aad: Buffer): Promise<Buffer> {
  if (iv.length !== GCM_IV_LENGTH) throw KmsErrors.invalidParameter('Iv', `It must be the ${GCM_IV_LENGTH}-byte IV Encrypt returned.`)
  if (blob.length < GCM_TAG_LENGTH) throw KmsErrors.invalidParameter('CiphertextBlob', 'It is shorter than a GCM tag.')
  const ciphertext = blob.subarray(0, blob.length - GCM_TAG_LENGTH)
  const tag = blob.subarray(blob.length - GCM_TAG_LENGTH)
  return rejectingInput('CiphertextBlob', 'It cannot be decrypted: it was modified, or Iv or Aad differ from encryption.', () =>
    gcmDecrypt(alg, materialOf(version), iv, ciphertext, tag, aad),
  )
}
