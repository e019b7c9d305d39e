/**
 * How an instance-API call finds its key: authorisation first, on every name the call used (`key/<id>`, and
 * `key/alias/<name>` when it came through an alias), then existence, then the key's state (spec §1 checks 9, 10).
 * A caller without permission therefore gets 403 whether or not the key exists. Keys that name another KMS
 * instance in DKMSInstanceId are not this instance's and are not found.
 */
import type { KeyRecord } from '../store/store.js'
import type { CachedVersion } from '../services/keys/key-cache.js'
import type { InstanceCallContext } from './apis/define-instance-api.js'
import { KmsErrors, isKmsError } from '../domain/errors.js'
import { parseKeyReference } from '../domain/arn.js'
import { requireUsableKey } from '../services/crypto/crypto-keys.js'

/** Resolves `ref` without throwing for an unknown id or alias. */
async function lookUp(ctx: InstanceCallContext, ref: string): Promise<KeyRecord | undefined> {
  try {
    const key = await ctx.rt.keyCache.key(ref)
    return key.dkmsInstanceId && key.dkmsInstanceId !== ctx.rt.instanceId ? undefined : key
  } catch (e) {
    if (isKmsError(e) && (e.code === 'Forbidden.KeyNotFound' || e.code === 'Forbidden.AliasNotFound')) return undefined
    throw e
  }
}

/** The resource names a key reference stands for: its id or alias as given, and the id it resolves to. */
function resourceNames(ctx: InstanceCallContext, ref: string, key: KeyRecord | undefined): string[] {
  const parsed = parseKeyReference(ref, ctx.rt.config)
  const names = new Set<string>()
  if (parsed?.kind === 'id') names.add(`key/${parsed.keyId}`)
  if (parsed?.kind === 'alias') names.add(`key/${parsed.aliasName}`)
  if (key) names.add(`key/${key.keyId}`)
  return [...names]
}

/** The key `ref` (id, alias or ARN) names, after CryptoServiceKeyUser authorisation and the state check. */
export async function authorizedKey(ctx: InstanceCallContext, ref: string): Promise<KeyRecord> {
  if (!ref) throw KmsErrors.invalidParameter('KeyId', 'It is required.')
  const key = await lookUp(ctx, ref)
  await ctx.authorize('CryptoServiceKeyUser', resourceNames(ctx, ref, key), ref)
  if (!key) throw KmsErrors.keyNotFound(ref)
  requireUsableKey(ctx.rt, key)
  return key
}

/**
 * The key and version a key version id names (a self-describing ciphertext, or the combined SDK's
 * `x-kms-migrationkeyversionid`). With a KeyId, authorisation is on that key's names and the version must be one of
 * its own. Without one, it is on the key the version belongs to; a version that does not exist is 404 only for a
 * caller holding some CryptoServiceKeyUser grant, as a version id alone names no resource to check.
 */
export async function authorizedKeyOfVersion(
  ctx: InstanceCallContext,
  keyVersionId: string,
  ref: string,
): Promise<{ key: KeyRecord; version: CachedVersion }> {
  if (ref) {
    const key = await authorizedKey(ctx, ref)
    const version = await ctx.rt.keyCache.version(key.keyId, keyVersionId)
    if (!version) throw KmsErrors.keyVersionNotFound(keyVersionId)
    return { key, version }
  }
  const found = await ctx.rt.keyCache.versionById(keyVersionId)
  if (!found || (found.key.dkmsInstanceId && found.key.dkmsInstanceId !== ctx.rt.instanceId)) {
    await ctx.authorizeAny('CryptoServiceKeyUser', keyVersionId)
    throw KmsErrors.ciphertextKeyNotFound()
  }
  await ctx.authorize('CryptoServiceKeyUser', [`key/${found.key.keyId}`], found.key.keyId)
  requireUsableKey(ctx.rt, found.key)
  return found
}

/** The version an Encrypt/Decrypt/GenerateDataKey call uses: the key's first version (spec §2 "Semantics"). */
export async function initialVersion(ctx: InstanceCallContext, key: KeyRecord): Promise<CachedVersion> {
  const id = await ctx.initialVersionId(key.keyId)
  const version = id === undefined ? undefined : await ctx.rt.keyCache.version(key.keyId, id)
  if (!version) throw KmsErrors.keyNotFound(key.keyId)
  return version
}

/**
 * The version an asymmetric call uses: the one the combined SDK names in `x-kms-migrationkeyversionid` (it must
 * belong to the key), else the key's first version.
 */
export async function requestedVersionId(ctx: InstanceCallContext, key: KeyRecord): Promise<string> {
  if (ctx.migrationKeyVersionId) {
    const version = await ctx.rt.keyCache.version(key.keyId, ctx.migrationKeyVersionId)
    if (!version) throw KmsErrors.keyVersionNotFound(ctx.migrationKeyVersionId)
    return version.keyVersionId
  }
  return (await initialVersion(ctx, key)).keyVersionId
}
