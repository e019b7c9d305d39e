/**
 * Worker thread that owns the SQLite nonce file (sqlite-nonces-thread.ts is the other side). better-sqlite3
 * is synchronous: on a frozen or failing disk a write blocks in the kernel, and on the main thread that would
 * stop every request and the health endpoints with it. Here only this thread waits, and the main thread gives
 * up on it after a deadline. It also runs the store's write probe against the main database file.
 */
import { parentPort, workerData } from 'node:worker_threads'
import BetterSqlite3 from 'better-sqlite3'
import { openSqliteNonces } from './sqlite-nonces.js'
import type { NonceClaim } from './repos/auth.js'

export type NonceThreadRequest =
  | { id: number; op: 'claim'; entries: NonceClaim[] }
  | { id: number; op: 'purge'; now: number }
  | { id: number; op: 'probe' }
  | { id: number; op: 'close' }
export type NonceThreadReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { message: string; code?: string } }

const { noncesFile, storeFile, checkpointMs } = workerData as { noncesFile: string; storeFile: string; checkpointMs?: number }
const port = parentPort!

try {
  const nonces = openSqliteNonces(noncesFile, { checkpointMs })
  const store = new BetterSqlite3(storeFile)
  store.pragma('busy_timeout = 2000')
  store.pragma('synchronous = FULL')
  // A real commit that changes nothing: rewriting a meta row proves the main file takes (and fsyncs) a write.
  const touchStore = store.prepare("update meta set value = value where key = 'instanceId'")
  const touchNonces = new BetterSqlite3(noncesFile)
  touchNonces.pragma('busy_timeout = 2000')
  touchNonces.pragma('synchronous = NORMAL')
  // Expired at once (expires_at 0): the next purge removes it. No claim's key can be (0, 0, 0).
  const touchNonce = touchNonces.prepare('insert or replace into nonce_claims (expires_at, h1, h2) values (0, 0, 0)')
  const probe = () => {
    store.transaction(() => touchStore.run()).immediate()
    touchNonce.run()
  }
  port.on('message', (req: NonceThreadRequest) => {
    const answer = (run: () => unknown | Promise<unknown>) =>
      Promise.resolve()
        .then(run)
        .then(
          (value) => port.postMessage({ id: req.id, ok: true, value } satisfies NonceThreadReply),
          (err: unknown) => {
            const e = err as { message?: string; code?: unknown }
            port.postMessage({ id: req.id, ok: false, error: { message: String(e?.message ?? err), code: typeof e?.code === 'string' ? e.code : undefined } } satisfies NonceThreadReply)
          },
        )
    if (req.op === 'claim') void answer(() => nonces.claim(req.entries))
    else if (req.op === 'purge') void answer(() => nonces.purge(req.now))
    else if (req.op === 'probe') void answer(probe)
    else
      void answer(() => {
        nonces.close()
        touchNonces.close()
        store.close()
      })
  })
  port.postMessage({ ready: true })
} catch (err) {
  const e = err as { message?: string; code?: unknown }
  port.postMessage({ ready: false, error: { message: String(e?.message ?? err), code: typeof e?.code === 'string' ? e.code : undefined } })
}
