/**
 * The store's write probe, for readiness (src/runtime/health-probe.ts): one real commit, changing nothing,
 * that must finish within a deadline. SQLite runs it in the nonce thread (a frozen disk blocks that thread,
 * not the server); other engines are asynchronous already and run it as an ordinary transaction.
 */
import type { Store } from './store.js'

export type WriteProbe = (timeoutMs: number) => Promise<void>

const probes = new WeakMap<Store, WriteProbe>()

export function registerWriteProbe(store: Store, probe: WriteProbe): void {
  probes.set(store, probe)
}

export class ProbeTimeout extends Error {
  readonly code = 'STORE_STALLED'
  constructor(ms: number) {
    super(`the store did not commit within ${ms} ms`)
    this.name = 'ProbeTimeout'
  }
}

export function writeProbeOf(store: Store): WriteProbe {
  const registered = probes.get(store)
  if (registered) return registered
  return async (timeoutMs) => {
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProbeTimeout(timeoutMs)), timeoutMs)
    })
    const write = store.tx(async (tx) => {
      // Rewrites a fact with its own value: a commit that proves the store takes writes and alters nothing.
      const id = await tx.meta.get('instanceId')
      if (id !== undefined) await tx.meta.put('instanceId', id)
    })
    try {
      await Promise.race([write, deadline])
    } finally {
      clearTimeout(timer)
    }
  }
}

/**
 * Errors that mean "the store cannot take this write now" rather than "this request is wrong": a full or
 * failing disk, a read-only file, a lost database connection, a stall. The RPC pipeline answers them as a
 * retryable 503 and readiness turns false until a probe succeeds again.
 */
export function isStoreUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return false
  if (code === 'STORE_STALLED') return true
  if (/^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|BUSY|LOCKED|PROTOCOL|NOMEM)/.test(code)) return true
  // PostgreSQL: connection failures (08xxx), insufficient resources (53xxx: disk full, out of memory), operator
  // intervention (57xxx: shutdown), system errors (58xxx); and the driver's socket errors.
  if (/^(08|53|57|58)[0-9A-Z]{3}$/.test(code)) return true
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOSPC', 'EROFS', 'EIO'].includes(code)
}
