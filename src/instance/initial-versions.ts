/**
 * Which version is a key's first: Encrypt, Decrypt and GenerateDataKey* on the instance API always use it (spec
 * §2 "Semantics"). A key's first version never changes, so the answer is remembered per key id (bounded, least
 * recently used out) and dropped when the store announces a change to the key (it may have been destroyed).
 */
import type { Store } from '../store/store.js'
import { NoticeCache } from '../services/notice-cache.js'

export interface InitialVersionIndex {
  lookup(keyId: string): Promise<string | undefined>
  /** Stops listening to the store's change notices. */
  close(): void
}

export function initialVersionIndex(store: Pick<Store, 'keyVersions' | 'subscribe'>, maxKeys = 10_000): InitialVersionIndex {
  const known = new NoticeCache<string, string>(store, { topics: ['key'], capacity: maxKeys })
  return {
    lookup: (keyId) =>
      known.getOrLoad(keyId, async () => (await store.keyVersions.list(keyId, { offset: 0, limit: 1 })).items[0]?.keyVersionId),
    close: () => known.close(),
  }
}
