/**
 * Imported key material (ImportKeyMaterial, DeleteKeyMaterial, material expiry; spec/kms-openapi.md §4.2, §4.11).
 * - The first import binds the key to its material for good: a wrapped fingerprint of it is kept, and any later
 *   import (also after DeleteKeyMaterial or expiry) must bring the same bytes, else `InvalidKeyMaterial`.
 * - Material lives in the key's only version row, wrapped by the root key like generated material; every change
 *   notifies 'key' so each process's key cache drops the key and its unwrapped material.
 * - Removing material (DeleteKeyMaterial, or expiry found by the scheduler) moves the key to PendingImport, except a
 *   PendingDeletion key, which keeps its state and DeleteDate.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { KeyRecord, Repos } from '../../store/store.js'
import type { Runtime } from '../context.js'
import { KmsErrors } from '../../domain/errors.js'
import { requireState } from '../../domain/key-state.js'
import { importMaterialLength, materialExpiry } from '../../domain/byok.js'
import { unwrapImportedMaterial } from '../../crypto/import-unwrap.js'
import { isCryptoError } from '../../crypto/crypto-error.js'
import { wrapContext } from '../keyring.js'
import { findKey } from './keys.js'
import { openImportToken, requireExternalKey } from './import-tokens.js'

export interface MaterialImport {
  keyRef: string
  encryptedKeyMaterial: Buffer
  importToken: string
  /** KeyMaterialExpireUnix: Unix seconds, 0 or undefined = never. */
  expireUnix: number | undefined
}

const FINGERPRINT_LABEL = 'openkms-byok-material-v1'

/** SHA-256 over a label, the key id and the material: identifies the material of this key only. */
function fingerprint(keyId: string, material: Buffer): Buffer {
  return createHash('sha256').update(`${FINGERPRINT_LABEL}\0${keyId}\0`).update(material).digest()
}

/** The single version of an EXTERNAL key (symmetric keys always have a primary version; BYOK keys never rotate). */
function versionIdOf(key: KeyRecord): string {
  if (!key.primaryVersionId) throw new Error(`EXTERNAL key ${key.keyId} has no primary version`)
  return key.primaryVersionId
}

/**
 * Decrypts the material with the token's wrapping key and checks its size for the key spec. Every way the
 * ciphertext can be wrong gives the same answer, so the response is no padding oracle.
 */
function openMaterial(key: KeyRecord, algorithm: Parameters<typeof unwrapImportedMaterial>[1], privateKey: Buffer, encrypted: Buffer): Buffer {
  const length = importMaterialLength(key.keySpec)
  if (length === undefined) throw KmsErrors.unsupportedOperation(`${key.keySpec} keys cannot import material.`)
  try {
    return unwrapImportedMaterial(privateKey, algorithm, encrypted, length)
  } catch (e) {
    if (isCryptoError(e) && e.reason === 'auth')
      throw KmsErrors.invalidKeyMaterial(
        `EncryptedKeyMaterial must be ${length} bytes of ${key.keySpec} material wrapped with this token's public key by ${algorithm}.`,
      )
    throw e
  }
}

/** Holds the key to its first material: binds it on the first import, compares on every later one. */
async function checkBinding(rt: Runtime, tx: Repos, keyId: string, print: Buffer, now: number): Promise<void> {
  const binding = await tx.keyImports.getBinding(keyId)
  if (!binding) {
    await tx.keyImports.bind({ keyId, wrappedFingerprint: rt.keyring.wrap(print, wrapContext.materialFingerprint(keyId)), boundAt: now })
    return
  }
  const bound = rt.keyring.unwrap(binding.wrappedFingerprint, wrapContext.materialFingerprint(keyId))
  if (bound.length !== print.length || !timingSafeEqual(bound, print))
    throw KmsErrors.invalidKeyMaterial('A key accepts only the material it was first imported with; this is different material.')
}

/** ImportKeyMaterial: PendingImport → Enabled (other states keep theirs); sets or clears MaterialExpireTime. */
export async function importKeyMaterial(rt: Runtime, req: MaterialImport): Promise<void> {
  const now = rt.clock.now()
  const expireAt = materialExpiry(req.expireUnix, now)
  const key = await findKey(rt.store, rt, req.keyRef)
  requireExternalKey(key, 'ImportKeyMaterial')
  requireState('importMaterial', key.state)
  const token = await openImportToken(rt, key, req.importToken)
  const material = openMaterial(key, token.algorithm, token.privateKey, req.encryptedKeyMaterial)
  const print = fingerprint(key.keyId, material)
  await rt.store.tx(async (tx) => {
    const current = await tx.keys.get(key.keyId)
    if (!current) throw KmsErrors.keyNotFound(req.keyRef)
    requireState('importMaterial', current.state)
    await checkBinding(rt, tx, key.keyId, print, now)
    const versionId = versionIdOf(current)
    await tx.keyVersions.setMaterial(key.keyId, versionId, rt.keyring.wrap(material, wrapContext.keyVersion(versionId)))
    const state = current.state === 'PendingImport' ? 'Enabled' : current.state
    if (!(await tx.keys.update(key.keyId, { state, materialExpireTime: expireAt, updatedAt: now }, current.revision)))
      throw KmsErrors.stateModifiedFailed('The key was modified concurrently; retry the request.')
    await tx.notify('key', key.keyId)
  })
}

/** Removes the material of `current` inside `tx`; false when another writer changed the key first. */
async function removeMaterial(tx: Repos, current: KeyRecord, now: number): Promise<boolean> {
  await tx.keyVersions.setMaterial(current.keyId, versionIdOf(current), null)
  const state = current.state === 'PendingDeletion' ? 'PendingDeletion' : 'PendingImport'
  const updated = await tx.keys.update(current.keyId, { state, materialExpireTime: null, updatedAt: now }, current.revision)
  if (updated) await tx.notify('key', current.keyId)
  return updated !== undefined
}

/** DeleteKeyMaterial: allowed in every state (spec §4.2), repeatable; the material binding stays. */
export async function deleteKeyMaterial(rt: Runtime, ref: string): Promise<void> {
  const now = rt.clock.now()
  const key = await findKey(rt.store, rt, ref)
  requireExternalKey(key, 'DeleteKeyMaterial')
  await rt.store.tx(async (tx) => {
    const current = await tx.keys.get(key.keyId)
    if (!current) throw KmsErrors.keyNotFound(ref)
    if (!(await removeMaterial(tx, current, now)))
      throw KmsErrors.stateModifiedFailed('The key was modified concurrently; retry the request.')
  })
}

/**
 * The scheduler's half of material expiry: removes material whose MaterialExpireTime is at or before `now`, as
 * DeleteKeyMaterial would. Returns whether this call did it (false: not expired any more, or changed meanwhile).
 */
export async function expireKeyMaterial(rt: Runtime, keyId: string, now: number): Promise<boolean> {
  return rt.store.tx(async (tx) => {
    const current = await tx.keys.get(keyId)
    if (!current || current.materialExpireTime === null || current.materialExpireTime > now) return false
    return removeMaterial(tx, current, now)
  })
}
