/**
 * The crypto hot path's memory: key records, their versions' unwrapped material and public keys, and alias → key
 * resolution, so that after warm-up a cryptographic request reads nothing from the store.
 * - Invalidation: entries are dropped when the store announces a change (topic 'key' with the key id, 'alias'
 *   with the alias name, either with EVERY_RESOURCE: everything). Every write that changes a key, its versions'
 *   material, or an alias must notify; the store delivers notices from every process (docs/storage.md).
 * - Misses are never cached, so a key or alias created by another process is found at once.
 * - A load that overlaps a change notice is used for its own request but not kept (an epoch counter tells), so a
 *   stale read can never outlive the notice that made it stale (services/notice-cache.ts).
 * - Bounded: least-recently-used keys (with their versions) are evicted beyond `maxKeys`; aliases likewise.
 * Unwrapped material stays in this process's memory only; `CachedVersion` hides it from JSON and inspection.
 */
import { inspect } from 'node:util'
import { EVERY_RESOURCE, type KeyRecord, type Store } from '../../store/store.js'
import { parseKeyReference, type ArnScope } from '../../domain/arn.js'
import { KmsErrors } from '../../domain/errors.js'
import { wrapContext, type Keyring } from '../keyring.js'
import { NoticeCache } from '../notice-cache.js'

/** One key version as crypto needs it. */
export class CachedVersion {
  readonly #material: Buffer | null

  constructor(
    readonly keyId: string,
    readonly keyVersionId: string,
    readonly createdAt: number,
    material: Buffer | null,
    /** SubjectPublicKeyInfo DER (asymmetric keys), public data. */
    readonly publicKey: Buffer | null,
  ) {
    this.#material = material
  }

  /** Unwrapped material: raw bytes (symmetric) or PKCS#8 DER; null while an EXTERNAL key awaits its import. */
  get material(): Buffer | null {
    return this.#material
  }

  /** Logs and JSON never carry material. */
  toJSON(): Record<string, unknown> {
    return { keyId: this.keyId, keyVersionId: this.keyVersionId, createdAt: this.createdAt }
  }

  [inspect.custom](): string {
    return `CachedVersion(${this.keyId}/${this.keyVersionId})`
  }
}

export interface KeyCacheStats {
  keys: number
  aliases: number
  versions: number
}

export interface KeyCache {
  /**
   * Resolves a KeyId parameter (id, alias, key ARN or alias ARN) like `findKey`: unknown aliases are
   * `Forbidden.AliasNotFound`, anything else unknown `Forbidden.KeyNotFound`. The record is frozen.
   */
  key(ref: string): Promise<KeyRecord>
  /** A version of `keyId` with its material unwrapped; undefined when the key has no such version. */
  version(keyId: string, keyVersionId: string): Promise<CachedVersion | undefined>
  /** The key and version a ciphertext names (blobs carry only the version id); undefined when either is gone. */
  versionById(keyVersionId: string): Promise<{ key: KeyRecord; version: CachedVersion } | undefined>
  stats(): KeyCacheStats
  /** Lookups answered from memory (hits) and those that read the store (misses), since start: for metrics. */
  lookups(): { hits: number; misses: number }
  /** Drops every entry. */
  clear(): void
  /** Stops listening to the store's change notices. */
  close(): void
}

export interface KeyCacheOptions {
  /** Keys kept in memory (default 10,000; the server passes OPENKMS_KEY_CACHE_SIZE); aliases are bounded by the same number. */
  maxKeys?: number
  /** Versions kept per key (default 1,000): old versions of a long-rotated key are reloaded when used. */
  maxVersionsPerKey?: number
}

interface Entry {
  key: KeyRecord
  versions: Map<string, CachedVersion>
}

/** Builds the cache and subscribes it to `store`'s change notices. */
export function createKeyCache(store: Store, keyring: Keyring, scope: ArnScope, opts: KeyCacheOptions = {}): KeyCache {
  const maxKeys = opts.maxKeys ?? 10_000
  const maxVersions = opts.maxVersionsPerKey ?? 1_000
  /** Key version id → key id, for the versions held in `keys` (ciphertexts name only the version). */
  const versionIndex = new Map<string, string>()
  // Both caches hear both topics, so a load overlapping any key or alias notice is not kept.
  const keys = new NoticeCache<string, Entry>(store, {
    topics: ['key', 'alias'],
    capacity: maxKeys,
    invalidate: (cache, topic, id) => {
      if (id === EVERY_RESOURCE) cache.clear()
      else if (topic === 'key') cache.delete(id)
    },
    onDrop: (_keyId, entry) => {
      for (const vid of entry.versions.keys()) versionIndex.delete(vid)
    },
  })
  const aliases = new NoticeCache<string, string>(store, {
    topics: ['key', 'alias'],
    capacity: maxKeys,
    invalidate: (cache, topic, id) => {
      if (id === EVERY_RESOURCE) cache.clear()
      else if (topic === 'alias') cache.delete(id)
      else for (const [name, target] of cache.entries()) if (target === id) cache.delete(name)
    },
  })

  let hits = 0
  let misses = 0

  async function keyById(keyId: string): Promise<KeyRecord | undefined> {
    let loaded = false
    const entry = await keys.getOrLoad(keyId, async () => {
      loaded = true
      const key = await store.keys.get(keyId)
      return key && { key: Object.freeze({ ...key }), versions: new Map() }
    })
    if (loaded) misses += 1
    else hits += 1
    return entry?.key
  }

  async function aliasTarget(aliasName: string): Promise<string> {
    const target = await aliases.getOrLoad(aliasName, async () => (await store.aliases.get(aliasName))?.keyId)
    if (target === undefined) throw KmsErrors.aliasNotFound(aliasName)
    return target
  }

  function keep(version: CachedVersion, fresh: () => boolean): void {
    if (!fresh()) return
    const entry = keys.peek(version.keyId)
    if (!entry) return
    entry.versions.set(version.keyVersionId, version)
    versionIndex.set(version.keyVersionId, version.keyId)
    if (entry.versions.size > maxVersions) {
      const oldest = entry.versions.keys().next().value as string
      entry.versions.delete(oldest)
      versionIndex.delete(oldest)
    }
  }

  const unwrap = (v: { keyId: string; keyVersionId: string; createdAt: number; wrappedMaterial: Buffer | null; publicKey: Buffer | null }) =>
    new CachedVersion(
      v.keyId,
      v.keyVersionId,
      v.createdAt,
      v.wrappedMaterial && keyring.unwrap(v.wrappedMaterial, wrapContext.keyVersion(v.keyVersionId)),
      v.publicKey,
    )

  return {
    async key(ref) {
      const parsed = parseKeyReference(ref, scope)
      if (!parsed) throw KmsErrors.keyNotFound(ref)
      const keyId = parsed.kind === 'alias' ? await aliasTarget(parsed.aliasName) : parsed.keyId
      const key = await keyById(keyId)
      if (!key) throw KmsErrors.keyNotFound(ref)
      return key
    },

    async version(keyId, keyVersionId) {
      const hit = keys.peek(keyId)?.versions.get(keyVersionId)
      if (hit) {
        hits += 1
        return hit
      }
      misses += 1
      const fresh = keys.begin()
      const record = await store.keyVersions.get(keyId, keyVersionId)
      if (!record) return undefined
      const version = unwrap(record)
      keep(version, fresh)
      return version
    },

    async versionById(keyVersionId) {
      const keyId = versionIndex.get(keyVersionId)
      const entry = keyId === undefined ? undefined : keys.get(keyId)
      const hit = entry?.versions.get(keyVersionId)
      if (entry && hit) {
        hits += 1
        return { key: entry.key, version: hit }
      }
      misses += 1
      const fresh = keys.begin()
      const record = await store.keyVersions.getById(keyVersionId)
      if (!record) return undefined
      const key = await keyById(record.keyId)
      if (!key) return undefined
      const version = unwrap(record)
      keep(version, fresh)
      return { key, version }
    },

    stats: () => ({ keys: keys.size, aliases: aliases.size, versions: versionIndex.size }),
    lookups: () => ({ hits, misses }),

    clear() {
      keys.clear()
      aliases.clear()
      versionIndex.clear()
    },

    close() {
      keys.close()
      aliases.close()
    },
  }
}
