/**
 * Facade for asymmetric keys (spec/kms-openapi.md §4.4): AsymmetricSign/Verify over a caller-computed digest and
 * AsymmetricEncrypt/Decrypt. Private-key operations (and the JavaScript EC/SM2 math) run on the worker pool so the
 * event loop never blocks on them; RSA public operations are cheap (≈30 µs) and run inline.
 * Private-key material reaches each worker once per key: tasks name it by a handle, and the worker keeps the
 * parsed key (crypto-task.ts `residentKeys`).
 */
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { KeySpec } from '../domain/key-spec.js'
import {
  DIGEST_LENGTH,
  RSA_BITS,
  assertEncryptionAlgorithm,
  assertSignAlgorithm,
  maxPlaintextBytes,
  type AsymmetricEncryptionAlgorithm,
  type SignAlgorithm,
} from './algorithms.js'
import { CryptoError, type CryptoErrorReason } from './crypto-error.js'
import { residentKeys, runCryptoTask, type CryptoTask, type CryptoTaskResult } from './crypto-task.js'
import { keyHandle } from './key-handle.js'
import { rsaEncrypt, rsaVerifyDigest, type RsaEncryptionAlgorithm, type RsaSignAlgorithm } from './rsa.js'
import { WorkerPool, type ResidentStats, type SerializedError } from './worker-pool.js'

export type { AsymmetricEncryptionAlgorithm, SignAlgorithm } from './algorithms.js'
export { encryptionAlgorithmsFor, maxPlaintextBytes, signAlgorithmsFor } from './algorithms.js'

export interface CryptoPoolOptions {
  /** Number of worker threads; defaults to the number of cores. */
  size?: number
  /** Run everything on the calling thread (no workers). */
  inline?: boolean
}

let poolOptions: CryptoPoolOptions = {}
let pool: WorkerPool<CryptoTask, CryptoTaskResult> | undefined

/** The worker entry sits next to this module with the same extension (.ts under tsx, .js when compiled). */
const workerScript = new URL(`./crypto-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url)

function reviveError(e: SerializedError): Error {
  if (e.name === 'CryptoError') return new CryptoError((e.reason ?? 'format') as CryptoErrorReason, e.message)
  const err = new Error(e.message)
  err.name = e.name
  return err
}

function getPool(): WorkerPool<CryptoTask, CryptoTaskResult> {
  pool ??= new WorkerPool({ script: workerScript, run: runCryptoTask, reviveError, resident: residentKeys, ...poolOptions })
  return pool
}

/** Sets the pool size or disables workers; takes effect for the next operation (a running pool is closed). */
export async function configureCryptoPool(opts: CryptoPoolOptions): Promise<void> {
  poolOptions = { ...opts }
  await shutdownCryptoPool()
}

/** Stops the worker threads (for graceful shutdown and tests); the next operation starts them again. */
export async function shutdownCryptoPool(): Promise<void> {
  const p = pool
  pool = undefined
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

/** Tasks queued for and running in the crypto workers (0 when no pool has started). */
export function cryptoPoolDepth(): { queued: number; running: number } {
  return pool ? { queued: pool.queued, running: pool.running } : { queued: 0, running: 0 }
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
export async function signDigest(spec: KeySpec, material: Buffer, alg: SignAlgorithm, digest: Buffer): Promise<Buffer> {
  assertSignAlgorithm(spec, alg)
  checkDigest(digest)
  const handle = keyHandle(material)
  return asBuffer(await getPool().run({ op: 'sign', spec, alg, handle, material: bytes(material), digest: bytes(digest) }))
}

/** True only for a valid signature; malformed signatures are false, an unusable public key throws 'key'. */
export async function verifyDigest(
  spec: KeySpec,
  publicKey: Buffer,
  alg: SignAlgorithm,
  digest: Buffer,
  signature: Buffer,
): Promise<boolean> {
  assertSignAlgorithm(spec, alg)
  checkDigest(digest)
  const bits = RSA_BITS[spec]
  if (bits) return rsaVerifyDigest(publicKey, bits, alg as RsaSignAlgorithm, digest, signature)
  const r = await getPool().run({
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
): Promise<Buffer> {
  assertEncryptionAlgorithm(spec, alg)
  const max = maxPlaintextBytes(spec, alg)
  if (plaintext.length > max) throw new CryptoError('format', `plaintext exceeds ${max} bytes for ${alg} on ${spec}`)
  const bits = RSA_BITS[spec]
  if (bits) return rsaEncrypt(publicKey, bits, alg as RsaEncryptionAlgorithm, plaintext)
  return asBuffer(await getPool().run({ op: 'encrypt', spec, alg, publicKey: bytes(publicKey), plaintext: bytes(plaintext) }))
}

/** Private-key decryption; integrity failures throw CryptoError('auth'), malformed input 'format'. */
export async function asymmetricDecrypt(
  spec: KeySpec,
  material: Buffer,
  alg: AsymmetricEncryptionAlgorithm,
  ciphertext: Buffer,
): Promise<Buffer> {
  assertEncryptionAlgorithm(spec, alg)
  const handle = keyHandle(material)
  return asBuffer(
    await getPool().run({ op: 'decrypt', spec, alg, handle, material: bytes(material), ciphertext: bytes(ciphertext) }),
  )
}
