/**
 * Parsed private keys by handle (key-handle.ts), kept by each worker thread (and by the main thread when the pool
 * runs inline), so material is parsed — and for RSA, OpenSSL's blinding set up — once per key, not per operation.
 * The parsed keys hold secrets in this thread's memory only, as the material itself did while a task ran.
 */
import type { KeySpec } from './key-specs.js'
import { RSA_BITS } from './algorithms.js'
import { CryptoError } from './crypto-error.js'
import { ecdsaPrivateKey, type EcdsaCurve, type EcdsaPrivateKey } from './ecdsa.js'
import { Lru } from './lru.js'
import { parseRsaPrivateKey } from './rsa.js'
import { sm2PrivateKey, type Sm2PrivateKey } from './sm2.js'
import { NotResidentError } from './worker-pool.js'
import type { KeyObject } from 'node:crypto'

export type PrivateKey =
  | { kind: 'rsa'; bits: number; key: KeyObject }
  | { kind: 'ecdsa'; key: EcdsaPrivateKey }
  | { kind: 'sm2'; key: Sm2PrivateKey }

/** Keys one thread keeps; the worker pool tracks as many per worker (asymmetric.ts). */
export const PRIVATE_KEY_CACHE_SIZE = 1000

const EC_CURVE: Partial<Record<KeySpec, EcdsaCurve>> = { EC_P256: 'P-256', EC_P256K: 'secp256k1' }

/** Parses PKCS#8 DER material as the private key `spec` promises; CryptoError('key') when it is not one. */
export function parsePrivateKey(spec: KeySpec, material: Buffer): PrivateKey {
  const bits = RSA_BITS[spec]
  if (bits) return { kind: 'rsa', bits, key: parseRsaPrivateKey(material, bits) }
  const curve = EC_CURVE[spec]
  if (curve) return { kind: 'ecdsa', key: ecdsaPrivateKey(curve, material) }
  if (spec === 'EC_SM2') return { kind: 'sm2', key: sm2PrivateKey(material) }
  throw new CryptoError('unsupported', `${spec} has no private key`)
}

export class PrivateKeyCache {
  readonly #keys: Lru<string, PrivateKey>

  constructor(capacity = PRIVATE_KEY_CACHE_SIZE) {
    this.#keys = new Lru(capacity)
  }

  /**
   * The key cached under `id`, else parsed from `material` and cached. Without material a miss throws
   * NotResidentError, which tells the pool to send the material again; failures to parse are not cached.
   */
  get(id: string, spec: KeySpec, material: Uint8Array | undefined): PrivateKey {
    let key = this.#keys.get(id)
    if (key) return key
    if (!material) throw new NotResidentError(id)
    key = parsePrivateKey(spec, Buffer.from(material.buffer, material.byteOffset, material.byteLength))
    this.#keys.set(id, key)
    return key
  }
}
