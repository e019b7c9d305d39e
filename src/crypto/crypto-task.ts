/**
 * The expensive asymmetric operations as plain, structured-clonable tasks, so the same code runs on a worker
 * thread (crypto-worker.ts) or inline when workers are unavailable. Byte fields are Uint8Array because that is
 * what survives postMessage; they are wrapped as Buffers (no copy) before use.
 */
import type { KeySpec } from './key-specs.js'
import type { AsymmetricEncryptionAlgorithm, SignAlgorithm } from './algorithms.js'
import { CryptoError } from './crypto-error.js'
import { ecdsaSign, ecdsaVerifyDigest, type EcdsaCurve } from './ecdsa.js'
import { PrivateKeyCache, PRIVATE_KEY_CACHE_SIZE, type PrivateKey } from './private-key-cache.js'
import { rsaDecryptWith, rsaSign, type RsaEncryptionAlgorithm } from './rsa.js'
import { sm2DecryptWith, sm2Encrypt, sm2Sign, sm2VerifyDigest } from './sm2.js'
import type { ResidentParts } from './worker-pool.js'

/**
 * Private-key tasks name their key by `handle` (key-handle.ts) and carry its PKCS#8 `material` only when the
 * thread running them may not hold the parsed key yet; the pool leaves it out otherwise (`residentKeys`).
 */
export type CryptoTask =
  | { op: 'sign'; spec: KeySpec; alg: SignAlgorithm; handle: string; material?: Uint8Array; digest: Uint8Array }
  | { op: 'verify'; spec: KeySpec; alg: SignAlgorithm; publicKey: Uint8Array; digest: Uint8Array; signature: Uint8Array }
  | { op: 'encrypt'; spec: KeySpec; alg: AsymmetricEncryptionAlgorithm; publicKey: Uint8Array; plaintext: Uint8Array }
  | {
      op: 'decrypt'
      spec: KeySpec
      alg: AsymmetricEncryptionAlgorithm
      handle: string
      material?: Uint8Array
      ciphertext: Uint8Array
    }

export type CryptoTaskResult = Uint8Array | boolean

type PrivateKeyTask = Extract<CryptoTask, { handle: string }>

const EC_CURVE: Partial<Record<KeySpec, EcdsaCurve>> = { EC_P256: 'P-256', EC_P256K: 'secp256k1' }

const buf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength)

/** The same material parses differently per spec, so the spec is part of what a thread keeps. */
const residentKeyOf = (t: PrivateKeyTask): string => `${t.spec}:${t.handle}`

/** How the pool sends each key's material to a worker once. */
export const residentKeys: ResidentParts<CryptoTask> = {
  keyOf: (t) => ('handle' in t ? residentKeyOf(t) : undefined),
  strip: (t) => {
    if (!('material' in t)) return t
    const { material: _, ...rest } = t
    return rest
  },
  capacity: PRIVATE_KEY_CACHE_SIZE,
}

/** This thread's parsed keys: a worker's own, or the main thread's when the pool runs inline. */
const privateKeys = new PrivateKeyCache()

function privateKey(t: PrivateKeyTask): PrivateKey {
  return privateKeys.get(residentKeyOf(t), t.spec, t.material)
}

function sign(t: Extract<CryptoTask, { op: 'sign' }>): Buffer {
  const key = privateKey(t)
  if (key.kind === 'sm2' && t.alg === 'SM2DSA') return sm2Sign(key.key, buf(t.digest))
  if (key.kind === 'ecdsa' && t.alg === 'ECDSA_SHA_256') return ecdsaSign(key.key, buf(t.digest))
  if (key.kind === 'rsa' && (t.alg === 'RSA_PSS_SHA_256' || t.alg === 'RSA_PKCS1_SHA_256')) {
    return rsaSign(key.key, key.bits, t.alg, buf(t.digest))
  }
  throw new CryptoError('unsupported', `${t.alg} is not valid for ${t.spec}`)
}

function decrypt(t: Extract<CryptoTask, { op: 'decrypt' }>): Buffer {
  const key = privateKey(t)
  if (key.kind === 'sm2' && t.alg === 'SM2PKE') return sm2DecryptWith(key.key, buf(t.ciphertext))
  if (key.kind === 'rsa' && t.alg !== 'SM2PKE') {
    return rsaDecryptWith(key.key, key.bits, t.alg as RsaEncryptionAlgorithm, buf(t.ciphertext))
  }
  throw new CryptoError('unsupported', `${t.alg} is not valid for ${t.spec}`)
}

function verify(t: Extract<CryptoTask, { op: 'verify' }>): boolean {
  if (t.alg === 'SM2DSA') return sm2VerifyDigest(buf(t.publicKey), buf(t.digest), buf(t.signature))
  const curve = EC_CURVE[t.spec]
  if (t.alg !== 'ECDSA_SHA_256' || !curve) throw new CryptoError('unsupported', `${t.alg} is not offloaded for ${t.spec}`)
  return ecdsaVerifyDigest(curve, buf(t.publicKey), buf(t.digest), buf(t.signature))
}

/**
 * Runs one task synchronously; throws CryptoError for every expected failure, and NotResidentError for a task
 * without material whose key this thread does not hold.
 */
export function runCryptoTask(task: CryptoTask): CryptoTaskResult {
  switch (task.op) {
    case 'sign':
      return sign(task)
    case 'verify':
      return verify(task)
    case 'encrypt':
      if (task.alg !== 'SM2PKE') throw new CryptoError('unsupported', `${task.alg} is not offloaded`)
      return sm2Encrypt(buf(task.publicKey), buf(task.plaintext))
    case 'decrypt':
      return decrypt(task)
    default:
      throw new CryptoError('unsupported', `unknown crypto task ${(task as { op: string }).op}`)
  }
}
