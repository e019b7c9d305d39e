/**
 * The instance API's memory of client keys and what they may do (loadClientKeyGrants: client key → AAP → policies →
 * network rules), so a steady stream of calls does not reread four tables per request. Every change to any of
 * those objects is announced on the store's 'access' topic, and any such notice empties the whole cache: deleting a
 * client key, AAP, policy or rule, or changing a policy, takes effect for the next request, in every process the
 * notice reaches. A load that overlaps a notice serves its own request but is not kept (services/notice-cache.ts).
 */
import type { Store } from '../store/store.js'
import { loadClientKeyGrants, type ClientKeyGrants } from '../services/access/authorizer.js'
import { NoticeCache } from '../services/notice-cache.js'

export interface GrantCache {
  /** The client key and its grants; undefined for an unknown client key (misses are not cached). */
  get(clientKeyId: string): Promise<ClientKeyGrants | undefined>
  /** Stops listening to the store's change notices. */
  close(): void
}

export function createGrantCache(store: Store, maxEntries = 10_000): GrantCache {
  // A notice names one object (a policy, a rule…) but many client keys may depend on it: drop them all.
  const cache = new NoticeCache<string, ClientKeyGrants>(store, { topics: ['access'], capacity: maxEntries, invalidate: (c) => c.clear() })
  return {
    get: (clientKeyId) => cache.getOrLoad(clientKeyId, () => loadClientKeyGrants(store, clientKeyId)),
    close: () => cache.close(),
  }
}
