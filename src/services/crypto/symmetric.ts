/**
 * Symmetric encryption and decryption as Encrypt, Decrypt, GenerateDataKey*, ReEncrypt and ExportDataKey share it
 * (spec §4.9, §4.10): new ciphertext always uses the key's primary version (AES-GCM at the key's size, SM4-GCM
 * for Aliyun_SM4); any version that still exists decrypts. Blob layout and AAD: docs/ciphertext.md.
 */
import { randomSmall } from '../../crypto/random.js'
import type { KeyRecord } from '../../store/store.js'
import type { CachedVersion } from '../keys/key-cache.js'
import { KmsErrors } from '../../domain/errors.js'
import type { KeySpec } from '../../domain/key-spec.js'
import {
  encodeCiphertextBlob,
  encodeSharedCiphertextBlob,
  encryptionContextAad,
  encryptionContextAadCandidates,
  parseCiphertextBlob,
  rawContextJson,
  resolveBlobAlgorithm,
  sealFormat,
  type ParsedBlob,
} from '../../domain/ciphertext-blob.js'
import { GCM_IV_LENGTH, gcmDecrypt, gcmEncrypt, type GcmAlgorithm } from '../../crypto/symmetric.js'
import { isCryptoError } from '../../crypto/crypto-error.js'
import {
  cryptoKey,
  materialOf,
  requireSymmetricKey,
  requireUsableKey,
  stopIfDryRun,
  type CryptoRuntime,
} from './crypto-keys.js'

export type EncryptionContext = Record<string, string> | undefined

/** A key and the version new ciphertext goes under. */
export interface SealTarget {
  key: KeyRecord
  version: CachedVersion
}

/** A parsed CiphertextBlob with the key version that can open it. */
export interface OpenSource extends SealTarget {
  parsed: ParsedBlob
  algorithm: GcmAlgorithm
}

/** The GCM cipher of a symmetric key spec: SM4-GCM for Aliyun_SM4, AES-GCM otherwise (also used by the instance API). */
export function gcmAlgorithmOf(spec: KeySpec): GcmAlgorithm {
  return spec === 'Aliyun_SM4' ? 'SM4_GCM' : 'AES_GCM'
}

/** The key `ref` names and its primary version, checked for state and kind. */
export async function sealTarget(rt: CryptoRuntime, ref: string, action: string): Promise<SealTarget> {
  const key = await cryptoKey(rt, ref)
  requireSymmetricKey(key, action)
  const version = key.primaryVersionId ? await rt.keyCache.version(key.keyId, key.primaryVersionId) : undefined
  if (!version) throw new Error(`symmetric key ${key.keyId} has no primary version in the store`)
  materialOf(version)
  return { key, version }
}

/**
 * Encrypts under the target's version with a fresh random IV; the context is bound as AAD, not stored. The blob is
 * in Alibaba's layout (keyVersionId ‖ iv ‖ ciphertext ‖ tag, AAD as the combined SDKs compute it) so that an
 * application can later decrypt it through the instance API, unless sealFormat keeps openkms-v1 (docs/ciphertext.md).
 */
export function seal(target: SealTarget, plaintext: Buffer, context: EncryptionContext): Buffer {
  const algorithm = gcmAlgorithmOf(target.key.keySpec)
  const keyVersionId = target.version.keyVersionId
  const format = sealFormat(keyVersionId, context)
  // A 96-bit random IV per message keeps GCM's collision bound (NIST SP 800-38D §8.3) far out of reach.
  const iv = randomSmall(GCM_IV_LENGTH)
  const aad = encryptionContextAad(context, format)
  const { ciphertext, tag } = gcmEncrypt(algorithm, materialOf(target.version), iv, plaintext, aad)
  return format === 'aliyun-shared'
    ? encodeSharedCiphertextBlob({ keyVersionId, iv, ciphertext, tag })
    : encodeCiphertextBlob({ keyVersionId, algorithm, iv, ciphertext, tag })
}

/**
 * Parses a blob and finds the version it names. Malformed → InvalidParameter (CiphertextBlob); a version that
 * does not exist (any more) → Forbidden.KeyNotFound; then the key's state decides.
 */
export async function openSource(rt: CryptoRuntime, blob: Buffer, action: string): Promise<OpenSource> {
  const parsed = parseCiphertextBlob(blob)
  const found = await rt.keyCache.versionById(parsed.keyVersionId)
  if (!found) throw KmsErrors.ciphertextKeyNotFound()
  requireUsableKey(rt, found.key)
  requireSymmetricKey(found.key, action)
  return { ...found, parsed, algorithm: resolveBlobAlgorithm(parsed, found.key.keySpec) }
}

/** Authenticates and decrypts; any failure is one InvalidParameter that reveals nothing about the plaintext. */
export function open(source: OpenSource, context: EncryptionContext): Buffer {
  const material = materialOf(source.version)
  const { iv, ciphertext, tag, format } = source.parsed
  for (const aad of encryptionContextAadCandidates(context, format, rawContextJson(context))) {
    try {
      return gcmDecrypt(source.algorithm, material, iv, ciphertext, tag, aad)
    } catch (e) {
      if (!isCryptoError(e) || (e.reason !== 'auth' && e.reason !== 'format')) throw e
    }
  }
  throw KmsErrors.invalidParameter(
    'CiphertextBlob',
    'It cannot be decrypted: it was modified, or EncryptionContext differs from the one given when it was encrypted.',
  )
}

export interface Sealed {
  keyId: string
  keyVersionId: string
  blob: Buffer
}

/** Encrypt: `plaintext` under the primary version of `ref`. */
export async function encryptWithKey(
  rt: CryptoRuntime,
  ref: string,
  plaintext: Buffer,
  context: EncryptionContext,
  opts: { dryRun?: boolean; action?: string } = {},
): Promise<Sealed> {
  const target = await sealTarget(rt, ref, opts.action ?? 'Encrypt')
  stopIfDryRun(opts.dryRun)
  return { keyId: target.key.keyId, keyVersionId: target.version.keyVersionId, blob: seal(target, plaintext, context) }
}

export interface Opened {
  keyId: string
  keyVersionId: string
  plaintext: Buffer
}

/** Decrypt: the blob names its key version, so no KeyId is needed. */
export async function decryptBlob(
  rt: CryptoRuntime,
  blob: Buffer,
  context: EncryptionContext,
  opts: { dryRun?: boolean; action?: string } = {},
): Promise<Opened> {
  const source = await openSource(rt, blob, opts.action ?? 'Decrypt')
  stopIfDryRun(opts.dryRun)
  return { keyId: source.key.keyId, keyVersionId: source.version.keyVersionId, plaintext: open(source, context) }
}
