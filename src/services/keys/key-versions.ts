/**
 * Adding key versions: manual CreateKeyVersion and automatic rotation share `commitKeyVersion`. Versions are
 * never removed while their key exists, so every ciphertext and signature made with an older version keeps
 * decrypting and verifying.
 */
import type { KeyPatch, KeyRecord, KeyVersionRecord } from '../../store/store.js'
import type { Runtime } from '../context.js'
import type { KeyMaterial } from '../../crypto/keygen.js'
import { KmsErrors } from '../../domain/errors.js'
import { checkManualVersion, MAX_KEY_VERSIONS } from '../../domain/key-version.js'
import { findKey } from './keys.js'
import { wrapContext } from '../keyring.js'

/** A new version record with its material wrapped by the root key; the plaintext buffer is wiped. */
export function sealKeyVersion(rt: Runtime, keyId: string, material: KeyMaterial, createdAt: number): KeyVersionRecord {
  const keyVersionId = rt.ids.uuid()
  const wrappedMaterial = rt.keyring.wrap(material.material, wrapContext.keyVersion(keyVersionId))
  material.material.fill(0)
  return { keyId, keyVersionId, createdAt, wrappedMaterial, publicKey: material.publicKey }
}

/**
 * Inserts `version` and applies `patch` to its key in one transaction, provided the key still has the
 * revision it was read at (compare-and-set). Every path that adds a version passes through here (CreateKey
 * inserts the first one together with the key), so an unchanged revision also proves that no version was
 * added since the read: of several processes acting on the same due rotation, exactly one succeeds.
 * Returns false, having written nothing, when another writer changed the key first.
 */
export async function commitKeyVersion(
  rt: Runtime,
  key: KeyRecord,
  version: KeyVersionRecord,
  patch: KeyPatch,
): Promise<boolean> {
  return rt.store.tx(async (tx) => {
    const updated = await tx.keys.update(key.keyId, { ...patch, updatedAt: rt.clock.now() }, key.revision)
    if (!updated) return false
    await tx.keyVersions.insert(version)
    await tx.notify('key', key.keyId)
    return true
  })
}

/** Count and newest creation time of a key's versions, for the CreateKeyVersion limits. */
async function versionStats(rt: Runtime, keyId: string): Promise<{ count: number; newestCreatedAt: number }> {
  const page = await rt.store.keyVersions.list(keyId, { offset: 0, limit: MAX_KEY_VERSIONS })
  const rest = page.total > page.items.length ? await rt.store.keyVersions.list(keyId, { offset: page.total - 1, limit: 1 }) : undefined
  const newestCreatedAt = Math.max(0, ...page.items.map((v) => v.createdAt), ...(rest?.items ?? []).map((v) => v.createdAt))
  return { count: page.total, newestCreatedAt }
}

/**
 * CreateKeyVersion: a fresh version for an Enabled asymmetric key (spec §4.5). The checks are re-run on
 * the current key whenever a concurrent change wins the compare-and-set, so two simultaneous calls cannot
 * both pass the 7-day rule.
 */
export async function createKeyVersion(rt: Runtime, ref: string): Promise<KeyVersionRecord> {
  let key = await findKey(rt.store, rt, ref)
  checkManualVersion(key, await versionStats(rt, key.keyId), rt.clock.now())
  const material = await rt.keyPool.take(key.keySpec)
  const version = sealKeyVersion(rt, key.keyId, material, rt.clock.now())
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await commitKeyVersion(rt, key, version, { lastRotationDate: version.createdAt })) return version
    key = await findKey(rt.store, rt, key.keyId)
    checkManualVersion(key, await versionStats(rt, key.keyId), version.createdAt)
  }
  throw KmsErrors.stateModifiedFailed('The key was modified concurrently; retry the request.')
}
