/**
 * AsymmetricSign / Verify / Encrypt / Decrypt and GetPublicKey (spec §4.4, §6.6). Asymmetric keys have no primary
 * version, so every call names KeyVersionId; the algorithm must be one the key spec defines.
 */
import type { KeyRecord } from '../../store/store.js'
import type { CachedVersion } from '../keys/key-cache.js'
import { KmsErrors } from '../../domain/errors.js'
import type { KeyUsage } from '../../domain/key-spec.js'
import { DIGEST_LENGTH } from '../../crypto/algorithms.js'
import {
  asymmetricDecrypt,
  asymmetricEncrypt,
  encryptionAlgorithmsFor,
  maxPlaintextBytes,
  signAlgorithmsFor,
  signDigest,
  verifyDigest,
  type AsymmetricEncryptionAlgorithm,
  type SignAlgorithm,
} from '../../crypto/asymmetric.js'
import {
  cryptoKey,
  materialOf,
  rejectingInput,
  requireAsymmetricKey,
  stopIfDryRun,
  versionOf,
  type CryptoRuntime,
} from './crypto-keys.js'

export interface AsymmetricRequest {
  keyRef: string
  keyVersionId: string
  action: string
  dryRun?: boolean
}

export interface AsymmetricTarget {
  key: KeyRecord
  version: CachedVersion
}

export interface AsymmetricResult<T> {
  keyId: string
  keyVersionId: string
  value: T
}

/** The key (checked for state, kind and `usage`) and the named version of it. */
export async function asymmetricTarget(rt: CryptoRuntime, r: AsymmetricRequest, usage?: KeyUsage): Promise<AsymmetricTarget> {
  const key = await cryptoKey(rt, r.keyRef)
  requireAsymmetricKey(key, r.action, usage)
  return { key, version: await versionOf(rt, key, r.keyVersionId) }
}

function publicKeyOf(t: AsymmetricTarget): Buffer {
  if (!t.version.publicKey) throw new Error(`key version ${t.version.keyVersionId} has no public key in the store`)
  return t.version.publicKey
}

function checkDigest(digest: Buffer): void {
  if (digest.length !== DIGEST_LENGTH)
    throw KmsErrors.invalidParameter(
      'Digest',
      `It must be a ${DIGEST_LENGTH}-byte digest (SHA-256, or SM3(Z_A‖M) for SM2DSA), base64-encoded; got ${digest.length} bytes.`,
    )
}

function checkSignAlgorithm(key: KeyRecord, alg: SignAlgorithm): void {
  const allowed = signAlgorithmsFor(key.keySpec)
  if (!allowed.includes(alg)) throw KmsErrors.invalidParameter('Algorithm', `${key.keySpec} keys sign with ${allowed.join(' or ')}.`)
}

/** The algorithm must be one `key`'s spec encrypts with; `param` names it in the refusal. */
export function checkEncryptionAlgorithm(key: KeyRecord, alg: AsymmetricEncryptionAlgorithm, param = 'Algorithm'): void {
  const allowed = encryptionAlgorithmsFor(key.keySpec)
  if (!allowed.includes(alg)) throw KmsErrors.invalidParameter(param, `${key.keySpec} keys encrypt with ${allowed.join(' or ')}.`)
}

/** Private-key decryption of a checked target; a failure is InvalidParameter naming CiphertextBlob. */
export function decryptAt(rt: CryptoRuntime, t: AsymmetricTarget, alg: AsymmetricEncryptionAlgorithm, ciphertext: Buffer): Promise<Buffer> {
  return rejectingInput('CiphertextBlob', `It cannot be decrypted with this key version and ${alg}.`, () =>
    asymmetricDecrypt(t.key.keySpec, materialOf(t.version), alg, ciphertext, rt.cryptoPool),
  )
}

async function prepared(
  rt: CryptoRuntime,
  r: AsymmetricRequest,
  usage: KeyUsage,
  check: (key: KeyRecord) => void,
): Promise<AsymmetricTarget> {
  const t = await asymmetricTarget(rt, r, usage)
  check(t.key)
  stopIfDryRun(r.dryRun)
  return t
}

const result = <T>(t: AsymmetricTarget, value: T): AsymmetricResult<T> => ({
  keyId: t.key.keyId,
  keyVersionId: t.version.keyVersionId,
  value,
})

/** AsymmetricSign: signs the caller's digest (never hashed again). */
export async function signWithKey(rt: CryptoRuntime, r: AsymmetricRequest, alg: SignAlgorithm, digest: Buffer) {
  checkDigest(digest)
  const t = await prepared(rt, r, 'SIGN/VERIFY', (key) => checkSignAlgorithm(key, alg))
  return result(t, await signDigest(t.key.keySpec, materialOf(t.version), alg, digest, rt.cryptoPool))
}

/** AsymmetricVerify: true only for a valid signature; a malformed signature is false, not an error. */
export async function verifyWithKey(rt: CryptoRuntime, r: AsymmetricRequest, alg: SignAlgorithm, digest: Buffer, signature: Buffer) {
  checkDigest(digest)
  const t = await prepared(rt, r, 'SIGN/VERIFY', (key) => checkSignAlgorithm(key, alg))
  return result(t, await verifyDigest(t.key.keySpec, publicKeyOf(t), alg, digest, signature, rt.cryptoPool))
}

/** AsymmetricEncrypt: plaintext limits per spec §4.4 (OAEP k − 2·hLen − 2; 6047 bytes for SM2PKE). */
export async function encryptToKey(rt: CryptoRuntime, r: AsymmetricRequest, alg: AsymmetricEncryptionAlgorithm, plaintext: Buffer) {
  const t = await prepared(rt, r, 'ENCRYPT/DECRYPT', (key) => {
    checkEncryptionAlgorithm(key, alg)
    const max = maxPlaintextBytes(key.keySpec, alg)
    if (plaintext.length > max)
      throw KmsErrors.invalidParameter('Plaintext', `${alg} on ${key.keySpec} encrypts at most ${max} bytes; got ${plaintext.length}.`)
  })
  return result(t, await asymmetricEncrypt(t.key.keySpec, publicKeyOf(t), alg, plaintext, rt.cryptoPool))
}

/** AsymmetricDecrypt: any integrity or format failure is InvalidParameter naming CiphertextBlob. */
export async function decryptWithKey(rt: CryptoRuntime, r: AsymmetricRequest, alg: AsymmetricEncryptionAlgorithm, ciphertext: Buffer) {
  const t = await prepared(rt, r, 'ENCRYPT/DECRYPT', (key) => checkEncryptionAlgorithm(key, alg))
  return result(t, await decryptAt(rt, t, alg, ciphertext))
}

/** GetPublicKey: the version's SubjectPublicKeyInfo DER, for keys of either usage. */
export async function publicKeyOfVersion(rt: CryptoRuntime, r: AsymmetricRequest) {
  const t = await asymmetricTarget(rt, r)
  stopIfDryRun(r.dryRun)
  return result(t, publicKeyOf(t))
}
