/**
 * Import state of EXTERNAL keys (BYOK, spec/kms-openapi.md §4.11): the import tokens GetParametersForImport hands
 * out, each with its RSA wrapping private key (wrapped by the root key), and the fingerprint of the material a key
 * was first given, so a later import can be held to the same material even after DeleteKeyMaterial.
 */
import type { ImportWrappingAlgorithm } from '../../crypto/import-unwrap.js'

export interface ImportTokenRecord {
  /** SHA-256 (hex) of the ImportToken string: the token itself is never stored. */
  tokenHash: string
  keyId: string
  wrappingAlgorithm: ImportWrappingAlgorithm
  wrappingKeySpec: 'RSA_2048'
  /** PKCS#8 DER of the wrapping private key, wrapped by the root key. */
  wrappedPrivateKey: Buffer
  createdAt: number
  expiresAt: number
}

export interface KeyMaterialBinding {
  keyId: string
  /** A fingerprint of the first imported material, wrapped by the root key. */
  wrappedFingerprint: Buffer
  boundAt: number
}

export interface KeyImportRepo {
  /** UniqueViolation if the token hash exists. */
  insertToken(token: ImportTokenRecord): Promise<void>
  /** The token with this hash, expired or not; undefined when unknown or purged. */
  getToken(tokenHash: string): Promise<ImportTokenRecord | undefined>
  /**
   * Deletes tokens that expired at or before `expiredBefore`, and tokens and bindings whose key no longer exists
   * (destroyed after its deletion window). Returns how many rows went.
   */
  purge(expiredBefore: number): Promise<number>
  /** The material binding of a key; undefined until its first import. */
  getBinding(keyId: string): Promise<KeyMaterialBinding | undefined>
  /** Records a key's first material; UniqueViolation if the key is already bound (bindings never change). */
  bind(binding: KeyMaterialBinding): Promise<void>
  /** Ids of keys whose `materialExpireTime` is at or before `now`, earliest first. */
  dueForMaterialExpiry(now: number, limit: number): Promise<string[]>
}
