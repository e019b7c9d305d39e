/**
 * Timing of the store's shared paths, applied once where the runtime is assembled: transactions and change
 * catch-up on the store itself (the object keeps its identity, which maintenance helpers rely on), and
 * nonce claims through a wrapped repository handed to the nonce guard.
 */
import type { NonceRepo, Store } from '../store/store.js'
import type { Metrics } from './metrics.js'

function timed<A extends unknown[], R>(fn: (...args: A) => Promise<R>, observe: (seconds: number) => void): (...args: A) => Promise<R> {
  return async (...args) => {
    const started = performance.now()
    try {
      return await fn(...args)
    } finally {
      observe((performance.now() - started) / 1000)
    }
  }
}

export function instrumentStore(store: Store, metrics: Metrics): void {
  const mutable = store as { -readonly [K in keyof Store]: Store[K] }
  const tx = store.tx.bind(store)
  mutable.tx = (fn) => timed(tx, (s) => metrics.observeDatabase('tx', s))(fn)
  mutable.sync = timed(store.sync.bind(store), (s) => metrics.observeDatabase('sync', s))
}

export function timedNonces(repo: NonceRepo, metrics: Metrics): NonceRepo {
  return {
    claim: timed((entries) => repo.claim(entries), (s) => metrics.observeNonceClaim(s)),
    purge: (now) => repo.purge(now),
  }
}
