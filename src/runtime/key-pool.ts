/**
 * A small in-memory stock of pre-generated RSA key pairs. RSA-3072 generation can take seconds on a small
 * machine, longer than the official SDKs' default 3 s read timeout, so CreateKey takes a ready pair and the
 * pool refills in the background (libuv's thread pool). Pooled material lives only in memory, like any key
 * between generation and wrapping; it is never stored unwrapped.
 */
import { generateKeyMaterial, type KeyMaterial } from '../crypto/keygen.js'
import type { KeySpec } from '../domain/key-spec.js'
import type { KeyPool } from '../services/context.js'

export type { KeyPool }

const POOLED: ReadonlySet<KeySpec> = new Set(['RSA_2048', 'RSA_3072'])

export function createKeyPool(opts: { size: number } = { size: 2 }): KeyPool {
  const ready = new Map<KeySpec, KeyMaterial[]>()
  const filling = new Set<KeySpec>()
  let closed = false

  function refill(spec: KeySpec): void {
    if (closed || filling.has(spec) || (ready.get(spec)?.length ?? 0) >= opts.size) return
    filling.add(spec)
    generateKeyMaterial(spec)
      .then((m) => {
        if (!closed) ready.set(spec, [...(ready.get(spec) ?? []), m])
      })
      .catch(() => undefined) // a failed background fill only means the next take generates inline
      .finally(() => {
        filling.delete(spec)
        refill(spec)
      })
  }

  return {
    async take(spec) {
      if (!POOLED.has(spec) || opts.size === 0) return generateKeyMaterial(spec)
      const pair = ready.get(spec)?.shift()
      refill(spec)
      return pair ?? generateKeyMaterial(spec)
    },
    warm() {
      if (opts.size > 0) for (const spec of POOLED) refill(spec)
    },
    close() {
      closed = true
      ready.clear()
    },
  }
}
