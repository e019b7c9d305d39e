/**
 * Algorithm defaults and message digests for the instance API's asymmetric calls (spec/kms-instance-api.md §2
 * "Semantics"): Encrypt/Decrypt on RSA and SM2 keys, Sign/Verify with MessageType RAW (openkms hashes the Message)
 * or DIGEST (the Message is the digest). The signing itself is the control plane's (services/crypto/asymmetric.ts).
 */
import { createHash } from 'node:crypto'
import type { KeyRecord } from '../store/store.js'
import type { Runtime } from '../services/context.js'
import { KmsErrors } from '../domain/errors.js'
import { encryptionAlgorithmsFor, signAlgorithmsFor, type AsymmetricEncryptionAlgorithm, type SignAlgorithm } from '../crypto/asymmetric.js'
import { DIGEST_LENGTH } from '../crypto/algorithms.js'
import { sm2MessageDigest } from '../crypto/sm2.js'
import { requireAsymmetricKey } from '../services/crypto/crypto-keys.js'

export const MESSAGE_TYPES = ['RAW', 'DIGEST'] as const
export type MessageType = (typeof MESSAGE_TYPES)[number]

/** An empty Algorithm means the spec's first: RSAES_OAEP_SHA_256 for RSA, SM2PKE for EC_SM2. */
export function encryptionAlgorithm(key: KeyRecord, requested: string, api: string): AsymmetricEncryptionAlgorithm {
  requireAsymmetricKey(key, api, 'ENCRYPT/DECRYPT')
  const allowed = encryptionAlgorithmsFor(key.keySpec)
  const alg = (requested || allowed[0]) as AsymmetricEncryptionAlgorithm
  if (!allowed.includes(alg)) throw KmsErrors.invalidParameter('Algorithm', `${key.keySpec} keys encrypt with ${allowed.join(' or ')}.`)
  return alg
}

/** An empty Algorithm means the spec's first: RSA_PSS_SHA_256, ECDSA_SHA_256 or SM2DSA. */
export function signAlgorithm(key: KeyRecord, requested: string, api: string): SignAlgorithm {
  requireAsymmetricKey(key, api, 'SIGN/VERIFY')
  const allowed = signAlgorithmsFor(key.keySpec)
  const alg = (requested || allowed[0]) as SignAlgorithm
  if (!allowed.includes(alg)) throw KmsErrors.invalidParameter('Algorithm', `${key.keySpec} keys sign with ${allowed.join(' or ')}.`)
  return alg
}

/** An empty MessageType means RAW, as in Alibaba's SDKs. */
export function messageType(requested: string): MessageType {
  const type = (requested || 'RAW') as MessageType
  if (!MESSAGE_TYPES.includes(type)) throw KmsErrors.invalidParameter('MessageType', 'It must be RAW or DIGEST.')
  return type
}

/**
 * The 32-byte digest to sign or verify. The legacy `Digest` field is a digest as is; otherwise `Message` is the
 * digest (DIGEST) or is hashed here (RAW): SHA-256 for RSA and ECDSA, SM3(Z_A ‖ M) with the default
 * distinguishing ID for SM2DSA (GB/T 32918.2 §6.1), which needs the version's public key.
 */
export async function digestToSign(
  rt: Pick<Runtime, 'keyCache'>,
  target: { key: KeyRecord; keyVersionId: string; alg: SignAlgorithm },
  input: { Digest: Buffer; Message: Buffer; type: MessageType },
): Promise<Buffer> {
  if (input.Digest.length > 0 && input.Message.length > 0) {
    throw KmsErrors.invalidParameter('Message', 'Give either Message or the legacy Digest field, not both.')
  }
  const digest = input.Digest.length > 0 ? input.Digest : input.type === 'DIGEST' ? input.Message : undefined
  if (digest !== undefined) {
    if (digest.length !== DIGEST_LENGTH) {
      throw KmsErrors.invalidParameter(input.Digest.length > 0 ? 'Digest' : 'Message', `A digest must be ${DIGEST_LENGTH} bytes; got ${digest.length}.`)
    }
    return digest
  }
  if (target.alg !== 'SM2DSA') return createHash('sha256').update(input.Message).digest()
  const version = await rt.keyCache.version(target.key.keyId, target.keyVersionId)
  if (!version?.publicKey) throw KmsErrors.keyVersionNotFound(target.keyVersionId)
  return sm2MessageDigest(version.publicKey, input.Message)
}
