/**
 * Readiness for a load balancer (`GET /readyz`): a node is ready when it is not draining, its database
 * answers within a short time, and the database still holds this node's root-key check value (after
 * `openkms root-key rotate` a node left on the old key reports itself unready instead of serving).
 */
import type { Store } from '../store/store.js'
import { ROOT_KEY_CHECK_META, rootKeyStillMatches } from './root-key-check.js'

/** Longest a readiness probe waits for the database. */
export const READINESS_TIMEOUT_MS = 2_000

/** Builds the probe; `draining()` turns it false during a graceful shutdown. */
export async function storeReadiness(store: Store, draining: () => boolean): Promise<() => Promise<boolean>> {
  const expected = await store.meta.get(ROOT_KEY_CHECK_META)
  return async () => {
    if (draining() || expected === undefined) return false
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), READINESS_TIMEOUT_MS)
    })
    try {
      return await Promise.race([rootKeyStillMatches(store, expected).catch(() => false), timeout])
    } finally {
      clearTimeout(timer)
    }
  }
}
