/**
 * The SQLite NonceRepo with its file in a worker thread (sqlite-nonces-worker.ts), so a disk that stalls or
 * fails a write never blocks the main thread: a call not answered within its deadline fails with
 * `StoreStalledError` (code STORE_STALLED), which the RPC pipeline answers as a retryable 503 while health
 * probes take the node out of the load balancer. A batch of claims costs one message each way.
 */
import { Worker } from 'node:worker_threads'
import type { NonceClaim } from './repos/auth.js'
import type { SqliteNonceRepo } from './sqlite-nonces.js'
import type { NonceThreadReply, NonceThreadRequest } from './sqlite-nonces-worker.js'

/** Longer than the worker's own wait for other processes' locks (5 s), so only a stall trips it. */
const CALL_DEADLINE_MS = 8000

export class StoreStalledError extends Error {
  readonly code = 'STORE_STALLED'
  constructor(what: string, ms: number) {
    super(`the store did not answer ${what} within ${ms} ms`)
    this.name = 'StoreStalledError'
  }
}

export interface ThreadedNonceRepo extends Omit<SqliteNonceRepo, 'close'> {
  /** Resolves once the thread has closed its files (or was terminated, stuck on a frozen disk). */
  close(): Promise<void>
  /** One committed write to the main database file and one to the nonce file, within `timeoutMs`. */
  probe(timeoutMs: number): Promise<void>
}

const BOOTSTRAP = `const { workerData } = require('node:worker_threads')
const ready = workerData.loader ? import(workerData.loader).then((m) => m.register()) : Promise.resolve()
ready.then(() => import(workerData.script))`

export async function openThreadedSqliteNonces(noncesFile: string, storeFile: string, opts: { checkpointMs?: number } = {}): Promise<ThreadedNonceRepo> {
  const script = new URL(`./sqlite-nonces-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url)
  const loader = script.pathname.endsWith('.ts') ? import.meta.resolve('tsx/esm/api') : undefined
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { script: script.href, loader, noncesFile, storeFile, checkpointMs: opts.checkpointMs } })
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject)
    worker.once('message', (m: { ready: boolean; error?: { message: string; code?: string } }) => {
      worker.off('error', reject)
      if (m.ready) resolve()
      else reject(Object.assign(new Error(m.error?.message ?? 'nonce store failed to open'), { code: m.error?.code }))
    })
  })
  worker.unref()
  let nextId = 0
  let closed = false
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>()
  const settleAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err)
    pending.clear()
  }
  worker.on('message', (m: NonceThreadReply) => {
    const p = pending.get(m.id)
    if (!p) return
    pending.delete(m.id)
    if (pending.size === 0) worker.unref()
    if (m.ok) p.resolve(m.value)
    else p.reject(Object.assign(new Error(m.error.message), { code: m.error.code }))
  })
  worker.on('error', (err) => settleAll(err))
  worker.on('exit', () => settleAll(new Error('the nonce store thread stopped')))

  const call = <T>(req: { op: NonceThreadRequest['op'] } & Record<string, unknown>, deadlineMs: number): Promise<T> => {
    if (closed) return Promise.reject(new Error('the nonce store is closed'))
    const id = nextId++
    return new Promise<T>((resolve, reject) => {
      // The thread keeps the process alive only while it owes an answer.
      worker.ref()
      const timer = setTimeout(() => {
        if (!pending.delete(id)) return
        if (pending.size === 0) worker.unref()
        reject(new StoreStalledError(req.op, deadlineMs))
      }, deadlineMs)
      timer.unref()
      pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer)
          resolve(v as T)
        },
        reject: (e) => {
          clearTimeout(timer)
          reject(e)
        },
      })
      worker.postMessage({ ...req, id })
    })
  }

  return {
    claim: (entries: NonceClaim[]) => (entries.length === 0 ? Promise.resolve([]) : call<boolean[]>({ op: 'claim', entries }, CALL_DEADLINE_MS)),
    purge: (now: number) => call<number>({ op: 'purge', now }, CALL_DEADLINE_MS),
    probe: (timeoutMs: number) => call<void>({ op: 'probe' }, timeoutMs),
    close: async () => {
      if (closed) return
      // Asked to close its files first; a thread stuck on a frozen disk is terminated after a short wait.
      const done = call<void>({ op: 'close' }, 2000).catch(() => undefined)
      closed = true
      await done
      await worker.terminate()
    },
  }
}
