/**
 * The expensive asymmetric operations as plain, structured-clonable tasks, so the same code runs on a worker
 * thread (crypto-worker.ts) or inline when workers are unavailable. Byte fields are Uint8Array because that is
 * what survives postMessage; they are wrapped as Buffers (no copy) before use.
 */
import type { KeySpec } from '../domain/key-spec.js'
import { RSA_BITS, type AsymmetricEncryptionAlgorithm, type SignAlgorithm } from './algorithms.js'
import { CryptoError } from './crypto-error.js'
import { ecdsaSignDigest, ecdsaVerifyDigest, type EcdsaCurve } from './ecdsa.js'
import { rsaDecrypt, rsaSignDigest, type RsaEncryptionAlgorithm, type RsaSignAlgorithm } from './rsa.js'
import { sm2Decrypt, sm2Encrypt, sm2SignDigest, sm2VerifyDigest } from './sm2.js'

export type CryptoTask =
  | { op: 'sign'; spec: KeySpec; alg: SignAlgorithm; material: Uint8Array; digest: Uint8Array }
  | { op: 'verify'; spec: KeySpec; alg: SignAlgorithm; publicKey: Uint8Array; digest: Uint8Array; signature: Uint8Array }
  | { op: 'encrypt'; spec: KeySpec; alg: AsymmetricEncryptionAlgorithm; publicKey: Uint8Array; plaintext: Uint8Array }
  | { op: 'decrypt'; spec: KeySpec; alg: AsymmetricEncryptionAlgorithm; material: Uint8Array; ciphertext: Uint8Array }

export type CryptoTaskResult = Uint8Array | boolean

const EC_CURVE: Partial<Record<KeySpec, EcdsaCurve>> = { EC_P256: 'P-256', EC_P256K: 'secp256k1' }

const buf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength)

function rsaBits(spec: KeySpec): number {
  const bits = RSA_BITS[spec]
  if (!bits) throw new CryptoError('unsupported', `${spec} is not an RSA spec`)
  return bits
}

function sign(t: Extract<CryptoTask, { op: 'sign' }>): Buffer {
  if (t.alg === 'SM2DSA') return sm2SignDigest(buf(t.material), buf(t.digest))
  if (t.alg === 'ECDSA_SHA_256') {
    const curve = EC_CURVE[t.spec]
    if (!curve) throw new CryptoError('unsupported', `ECDSA is not valid for ${t.spec}`)
    return ecdsaSignDigest(curve, buf(t.material), buf(t.digest))
  }
  return rsaSignDigest(buf(t.material), rsaBits(t.spec), t.alg as RsaSignAlgorithm, buf(t.digest))
}

function verify(t: Extract<CryptoTask, { op: 'verify' }>): boolean {
  if (t.alg === 'SM2DSA') return sm2VerifyDigest(buf(t.publicKey), buf(t.digest), buf(t.signature))
  const curve = EC_CURVE[t.spec]
  if (t.alg !== 'ECDSA_SHA_256' || !curve) throw new CryptoError('unsupported', `${t.alg} is not offloaded for ${t.spec}`)
  return ecdsaVerifyDigest(curve, buf(t.publicKey), buf(t.digest), buf(t.signature))
}

/** Runs one task synchronously; throws CryptoError for every expected failure. */
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
      if (task.alg === 'SM2PKE') return sm2Decrypt(buf(task.material), buf(task.ciphertext))
      return rsaDecrypt(buf(task.material), rsaBits(task.spec), task.alg as RsaEncryptionAlgorithm, buf(task.ciphertext))
    default:
      throw new CryptoError('unsupported', `unknown crypto task ${(task as { op: string }).op}`)
  }
}
