/**
 * Facade for asymmetric keys (spec/kms-openapi.md §4.4): AsymmetricSign/Verify over a caller-computed digest and
 * AsymmetricEncrypt/Decrypt. Private-key operations (and the JavaScript EC/SM2 math) run on the worker pool so the
 * event loop never blocks on them; RSA public operations are cheap (≈30 µs) and run inline.
 * Private-key material reaches each worker once per key: tasks name it by a handle, and the worker keeps the
 * parsed key (crypto-task.ts `residentKeys`).
 */
import type { KeySpec } from './key-specs.js'
import {
  DIGEST_LENGTH,
  RSA_BITS,
  assertEncryptionAlgorithm,
  assertSignAlgorithm,
  maxPlaintextBytes,
  type AsymmetricEncryptionAlgorithm,
  type SignAlgorithm,
} from './algorithms.js'
import { CryptoError } from './crypto-error.js'
import type { CryptoTaskResult } from './crypto-task.js'
import { CryptoPool, type CryptoPoolOptions } from './crypto-pool.js'
import { keyHandle } from './key-handle.js'
import { rsaEncrypt, rsaVerifyDigest, type RsaEncryptionAlgorithm, type RsaSignAlgorithm } from './rsa.js'
import type { ResidentStats } from './worker-pool.js'

export type { AsymmetricEncryptionAlgorithm, SignAlgorithm } from './algorithms.js'
export { encryptionAlgorithmsFor, maxPlaintextBytes, signAlgorithmsFor } from './algorithms.js'

export { CryptoPool, type CryptoPoolOptions } from './crypto-pool.js'

/*
 * Each operation runs on the pool it is given: a server passes its runtime's pool. Callers that pass none (unit
 * tests, scripts) share a default pool created on first use; the functions below configure and stop that one.
 */
let defaultOptions: CryptoPoolOptions = {}
let defaultPool: CryptoPool | undefined

function getPool(): CryptoPool {
  defaultPool ??= new CryptoPool(defaultOptions)
  return defaultPool
}

/** Sets the default pool's size or disables its workers; takes effect for the next operation (a running pool is closed). */
export async function configureCryptoPool(opts: CryptoPoolOptions): Promise<void> {
  defaultOptions = { ...opts }
  await shutdownCryptoPool()
}

/** Stops the default pool's worker threads (tests); the next operation starts them again. */
export async function shutdownCryptoPool(): Promise<void> {
  const p = defaultPool
  defaultPool = undefined
  await p?.close()
}

/** Starts a worker ahead of the first request. */
export function warmUpCryptoPool(): void {
  getPool().warmUp()
}

/** 'workers' normally; 'inline' when disabled or when workers could not start in this environment. */
export function cryptoPoolMode(): 'workers' | 'inline' {
  return getPool().mode
}

/** How often key material was sent to a worker, left out because the worker held the key, or sent again. */
export function cryptoPoolResidentStats(): ResidentStats {
  return getPool().residentStats
}

/** A compact copy: postMessage would otherwise clone a pooled Buffer's whole 8 KiB backing store. */
const bytes = (b: Buffer): Uint8Array => new Uint8Array(b)

function asBuffer(r: CryptoTaskResult): Buffer {
  if (!(r instanceof Uint8Array)) throw new Error('crypto task returned no bytes')
  return Buffer.from(r.buffer, r.byteOffset, r.byteLength)
}

function checkDigest(digest: Buffer): void {
  if (digest.length !== DIGEST_LENGTH) {
    throw new CryptoError('format', `digest must be ${DIGEST_LENGTH} bytes, got ${digest.length}`)
  }
}

/**
 * Signs a digest the caller computed (Alibaba's AsymmetricSign never hashes again); returns DER or RSA bytes.
 * `material` must not change once passed: its handle is memoised per Buffer (key-handle.ts).
 */
export async function signDigest(spec: KeySpec, material: Buffer, alg: SignAlgorithm, digest: Buffer, pool = getPool()): Promise<Buffer> {
  assertSignAlgorithm(spec, alg)
  checkDigest(digest)
  const handle = keyHandle(material)
  return asBuffer(await pool.run({ op: 'sign', spec, alg, handle, material: bytes(material), digest: bytes(digest) }))
}

/** True only for a valid signature; malformed signatures are false, an unusable public key throws 'key'. */
export async function verifyDigest(
  spec: KeySpec,
  publicKey: Buffer,
  alg: SignAlgorithm,
  digest: Buffer,
  signature: Buffer,
  pool = getPool(),
): Promise<boolean> {
  assertSignAlgorithm(spec, alg)
  checkDigest(digest)
  const bits = RSA_BITS[spec]
  if (bits) return rsaVerifyDigest(publicKey, bits, alg as RsaSignAlgorithm, digest, signature)
  const r = await pool.run({
    op: 'verify',
    spec,
    alg,
    publicKey: bytes(publicKey),
    digest: bytes(digest),
    signature: bytes(signature),
  })
  return r === true
}

/** Public-key encryption; plaintexts over `maxPlaintextBytes` throw CryptoError('format'). */
export async function asymmetricEncrypt(
  spec: KeySpec,
  publicKey: Buffer,
  alg: AsymmetricEncryptionAlgorithm,
  plaintext: Buffer,
  pool = getPool(),
): Promise<Buffer> {
  assertEncryptionAlgorithm(spec, alg)
  const max = maxPlaintextBytes(spec, alg)
  if (plaintext.length > max) throw new CryptoError('format', `plaintext exceeds ${max} bytes for ${alg} on ${spec}`)
  const bits = RSA_BITS[spec]
  if (bits) return rsaEncrypt(publicKey, bits, alg as RsaEncryptionAlgorithm, plaintext)
  return asBuffer(await pool.run({ op: 'encrypt', spec, alg, publicKey: bytes(publicKey), plaintext: bytes(plaintext) }))
}

/** Private-key decryption; integrity failures throw CryptoError('auth'), malformed input 'format'. */
export async function asymmetricDecrypt(
  spec: KeySpec,
  material: Buffer,
  alg: AsymmetricEncryptionAlgorithm,
  ciphertext: Buffer,
  pool = getPool(),
): Promise<Buffer> {
  assertEncryptionAlgorithm(spec, alg)
  const handle = keyHandle(material)
  return asBuffer(
    await pool.run({ op: 'decrypt', spec, alg, handle, material: bytes(material), ciphertext: bytes(ciphertext) }),
  )
}
