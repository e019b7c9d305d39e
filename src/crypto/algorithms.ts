/**
 * Which asymmetric algorithms each key spec supports, and their limits (spec/kms-openapi.md §4.4). Kept apart from
 * the implementations so the worker threads and the facade share one table.
 */
import type { KeySpec } from './key-specs.js'
import { CryptoError } from './crypto-error.js'

export type SignAlgorithm = 'RSA_PSS_SHA_256' | 'RSA_PKCS1_SHA_256' | 'ECDSA_SHA_256' | 'SM2DSA'
export type AsymmetricEncryptionAlgorithm = 'RSAES_OAEP_SHA_256' | 'RSAES_OAEP_SHA_1' | 'SM2PKE'

/** Every signing algorithm signs a caller-computed 32-byte digest (SHA-256, or SM3(Z_A‖M) for SM2DSA). */
export const DIGEST_LENGTH = 32

/** SM2PKE plaintext limit from the Alibaba table (§4.4); the ciphertext then stays ≤ 6144 bytes. */
export const SM2_MAX_PLAINTEXT = 6047

const SIGN: Partial<Record<KeySpec, readonly SignAlgorithm[]>> = {
  RSA_2048: ['RSA_PSS_SHA_256', 'RSA_PKCS1_SHA_256'],
  RSA_3072: ['RSA_PSS_SHA_256', 'RSA_PKCS1_SHA_256'],
  EC_P256: ['ECDSA_SHA_256'],
  EC_P256K: ['ECDSA_SHA_256'],
  EC_SM2: ['SM2DSA'],
}

const ENCRYPT: Partial<Record<KeySpec, readonly AsymmetricEncryptionAlgorithm[]>> = {
  RSA_2048: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'],
  RSA_3072: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'],
  EC_SM2: ['SM2PKE'],
}

/** RSA modulus sizes in bits, by spec. */
export const RSA_BITS: Partial<Record<KeySpec, number>> = { RSA_2048: 2048, RSA_3072: 3072 }

const OAEP_HASH_LENGTH: Record<'RSAES_OAEP_SHA_256' | 'RSAES_OAEP_SHA_1', number> = {
  RSAES_OAEP_SHA_256: 32,
  RSAES_OAEP_SHA_1: 20,
}

/** Signing algorithms valid for the spec, in Alibaba's order; empty for symmetric specs. */
export function signAlgorithmsFor(spec: KeySpec): SignAlgorithm[] {
  return [...(SIGN[spec] ?? [])]
}

/** Encryption algorithms valid for the spec; empty for symmetric and sign-only specs (EC_P256, EC_P256K). */
export function encryptionAlgorithmsFor(spec: KeySpec): AsymmetricEncryptionAlgorithm[] {
  return [...(ENCRYPT[spec] ?? [])]
}

/** Throws CryptoError('unsupported') unless `alg` can sign with `spec`. */
export function assertSignAlgorithm(spec: KeySpec, alg: SignAlgorithm): void {
  if (!SIGN[spec]?.includes(alg)) throw new CryptoError('unsupported', `${String(alg)} is not valid for ${spec}`)
}

/** Throws CryptoError('unsupported') unless `alg` can encrypt with `spec`. */
export function assertEncryptionAlgorithm(spec: KeySpec, alg: AsymmetricEncryptionAlgorithm): void {
  if (!ENCRYPT[spec]?.includes(alg)) throw new CryptoError('unsupported', `${String(alg)} is not valid for ${spec}`)
}

/** Largest plaintext AsymmetricEncrypt accepts: OAEP k − 2·hLen − 2 (RFC 8017 §7.1.1), SM2 per Alibaba. */
export function maxPlaintextBytes(spec: KeySpec, alg: AsymmetricEncryptionAlgorithm): number {
  assertEncryptionAlgorithm(spec, alg)
  if (alg === 'SM2PKE') return SM2_MAX_PLAINTEXT
  const k = (RSA_BITS[spec] as number) / 8
  return k - 2 * OAEP_HASH_LENGTH[alg] - 2
}
