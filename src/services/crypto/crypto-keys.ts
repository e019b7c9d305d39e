/**
 * The checks every cryptographic action makes on its key, in one place so they stay identical: resolution through
 * the key cache, the state × operation matrix (spec §4.2), the kind and usage the operation needs (§4.3), version
 * lookup, and the DryRun gate (§4.9).
 */
import type { KeyRecord } from '../../store/store.js'
import type { Runtime } from '../context.js'
import type { CachedVersion } from '../keys/key-cache.js'
import { KmsErrors } from '../../domain/errors.js'
import { requireState } from '../../domain/key-state.js'
import { isAsymmetric, isSymmetric, type KeyUsage } from '../../domain/key-spec.js'
import { isCryptoError } from '../../crypto/crypto-error.js'

export type CryptoRuntime = Pick<Runtime, 'keyCache' | 'clock' | 'cryptoPool'>

/**
 * A key in a state that allows cryptography. Imported material past its expiry time is treated as absent
 * (`Rejected.PendingImport`) even before a scheduler moves the key to PendingImport.
 */
export function requireUsableKey(rt: CryptoRuntime, key: KeyRecord): void {
  requireState('crypto', key.state)
  if (key.materialExpireTime !== null && key.materialExpireTime <= rt.clock.now()) throw KmsErrors.keyState('PendingImport')
}

/** Resolves `ref` (id, alias or ARN) and checks its state. */
export async function cryptoKey(rt: CryptoRuntime, ref: string): Promise<KeyRecord> {
  const key = await rt.keyCache.key(ref)
  requireUsableKey(rt, key)
  return key
}

/** Encrypt, Decrypt, GenerateDataKey*, ReEncrypt and ExportDataKey work on symmetric ENCRYPT/DECRYPT keys only. */
export function requireSymmetricKey(key: KeyRecord, action: string): void {
  if (!isSymmetric(key.keySpec))
    throw KmsErrors.unsupportedOperation(
      `${action} needs a symmetric key, but ${key.keyId} is ${key.keySpec}; ${isAsymmetric(key.keySpec) ? 'use the Asymmetric* operations with it' : 'use GenerateMac/VerifyMac with it'}.`,
    )
}

/** The Asymmetric* operations need an asymmetric key created for `usage` (one usage per key, spec §4.3). */
export function requireAsymmetricKey(key: KeyRecord, action: string, usage?: KeyUsage): void {
  if (!isAsymmetric(key.keySpec))
    throw KmsErrors.unsupportedOperation(`${action} needs an asymmetric key, but ${key.keyId} is ${key.keySpec}.`)
  if (usage && key.keyUsage !== usage)
    throw KmsErrors.unsupportedOperation(`${action} needs a key with KeyUsage ${usage}, but ${key.keyId} has ${key.keyUsage}.`)
}

/** A version of `key`; a version id of another key (or of none) is `Forbidden.KeyVersionNotFound`. */
export async function versionOf(rt: CryptoRuntime, key: KeyRecord, keyVersionId: string): Promise<CachedVersion> {
  const version = await rt.keyCache.version(key.keyId, keyVersionId)
  if (!version) throw KmsErrors.keyVersionNotFound(keyVersionId)
  return version
}

/** The material of a version; a version without material (an import still pending) cannot be used. */
export function materialOf(version: CachedVersion): Buffer {
  if (!version.material) throw KmsErrors.keyState('PendingImport')
  return version.material
}

/** DryRun=true: everything was checked and the request would succeed, so it fails with DryRunOperationError. */
export function stopIfDryRun(dryRun: boolean | undefined): void {
  if (dryRun) throw KmsErrors.dryRun()
}

/**
 * Runs a crypto-layer call and turns an input failure (integrity `auth` or malformed `format`) into
 * InvalidParameter naming `param`; other failures (unusable stored material) stay internal.
 */
export async function rejectingInput<T>(param: string, why: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (isCryptoError(e) && (e.reason === 'auth' || e.reason === 'format')) throw KmsErrors.invalidParameter(param, why)
    throw e
  }
}
