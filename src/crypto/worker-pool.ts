/**
 * A small worker_threads pool so CPU-heavy private-key operations (≈1–5 ms each) never block the event loop.
 * - Lazy: the first task starts a worker; while tasks queue up, one more starts at a time, up to `size`.
 * - Unref'd while idle: an idle pool never keeps the process alive; a worker that owes an answer does.
 * - Falls back to running tasks inline (synchronously) where workers cannot start, e.g. when the worker script
 *   cannot be loaded; tasks still queued then run inline, none is lost.
 * - Runs from TypeScript sources too: on Node 20 tsx registers its loader on the main thread only, so a worker
 *   whose script is a .ts file registers tsx itself before importing the script.
 * - Resident parts (optional): a part of a task a worker keeps between tasks (e.g. a parsed private key) is sent
 *   to each worker once. The pool remembers per worker which parts it sent, in an LRU as large as the worker's;
 *   a worker that no longer holds a part answers NotResidentError and gets the whole task again. A replacement
 *   worker starts with nothing resident.
 */
import { availableParallelism, cpus } from 'node:os'
import { Worker, parentPort } from 'node:worker_threads'
import { Lru } from './lru.js'

export interface SerializedError {
  name: string
  message: string
  reason?: string
}

export interface WorkerPoolOptions<T, R> {
  /** Worker entry module; it must call `serveWorkerTasks` with the same `run`. */
  script: URL
  /** The task function, used inline when workers are unavailable. */
  run: (task: T) => R
  /** Maximum number of workers; defaults to the number of cores. */
  size?: number
  /** Start no workers at all and always run inline. */
  inline?: boolean
  /** Rebuilds errors thrown in a worker (e.g. into the original error class). */
  reviveError?: (e: SerializedError) => Error
  /** Parts of tasks that workers keep, so they cross the thread boundary once per worker. */
  resident?: ResidentParts<T>
}

export interface ResidentParts<T> {
  /** Names the part of `task` a worker keeps; undefined when the task has none. */
  keyOf(task: T): string | undefined
  /** `task` without that part, for a worker that already holds it. */
  strip(task: T): T
  /** How many parts a worker keeps, least recently used evicted first; the pool tracks as many per worker. */
  capacity: number
}

/** Thrown by a worker's task function for a stripped task whose part it does not hold (any more). */
export class NotResidentError extends Error {
  constructor(key: string) {
    super(`no resident part ${key} in this worker`)
    this.name = 'NotResidentError'
  }
}

/** How often resident parts were sent, left out, and sent again after a worker had lost them. */
export interface ResidentStats {
  sent: number
  skipped: number
  resent: number
}

interface Pending<T, R> {
  id: number
  task: T
  resolve: (r: R) => void
  reject: (e: Error) => void
  /** The resident part's key when the last send left the part out. */
  stripped?: string
}

interface Slot<T, R> {
  worker: Worker
  ready: boolean
  inflight: Map<number, Pending<T, R>>
  /** Keys of the parts this worker was sent (as far as the pool knows, still held). */
  resident: Lru<string, true>
}

type Reply<R> = { type: 'ready' } | { id: number; ok: true; value: R } | { id: number; ok: false; error: SerializedError }

/** Tasks handed to one worker at a time: two hide the message round trip without starving other workers. */
const PIPELINE_DEPTH = 2

/** CommonJS bootstrap evaluated in each worker: optional loader first, then the ES module script. */
const BOOTSTRAP = `const { workerData } = require('node:worker_threads')
const ready = workerData.loader ? import(workerData.loader).then((m) => m.register()) : Promise.resolve()
ready.then(() => import(workerData.script))`

/** tsx's ESM API when the worker script is TypeScript and tsx is installed; otherwise none. */
function loaderFor(script: URL): string | undefined {
  if (!/\.[cm]?ts$/.test(script.pathname)) return undefined
  try {
    return import.meta.resolve('tsx/esm/api')
  } catch {
    return undefined
  }
}

/** One worker per core the process may use. */
export function defaultPoolSize(): number {
  return Math.max(1, typeof availableParallelism === 'function' ? availableParallelism() : cpus().length)
}

function reviveDefault(e: SerializedError): Error {
  const err = new Error(e.message)
  err.name = e.name
  return err
}

/** Tasks wait in one queue; each ready worker takes the next one as soon as it has room. */
export class WorkerPool<T, R> {
  readonly size: number
  #slots: Slot<T, R>[] = []
  #queue: Pending<T, R>[] = []
  #inline: boolean
  #nextId = 1
  readonly #opts: WorkerPoolOptions<T, R>
  readonly #stats: ResidentStats = { sent: 0, skipped: 0, resent: 0 }

  constructor(opts: WorkerPoolOptions<T, R>) {
    this.#opts = opts
    this.size = Math.max(1, opts.size ?? defaultPoolSize())
    this.#inline = opts.inline === true
  }

  /** 'inline' once workers proved unavailable (or were disabled). */
  get mode(): 'workers' | 'inline' {
    return this.#inline ? 'inline' : 'workers'
  }

  /** Number of workers started (ready or starting). */
  get workerCount(): number {
    return this.#slots.length
  }

  /** Tasks waiting for a worker (not yet sent to one). */
  get queued(): number {
    return this.#queue.length
  }

  /** Tasks sent to workers and not yet answered. */
  get running(): number {
    return this.#slots.reduce((n, s) => n + s.inflight.size, 0)
  }

  /** Counters of the resident-part protocol since the pool was created (a copy). */
  get residentStats(): ResidentStats {
    return { ...this.#stats }
  }

  /** Runs one task. Task objects are structured-cloned: pass compact copies of byte arrays. */
  run(task: T): Promise<R> {
    if (this.#inline) return this.#runInline(task)
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, task, resolve, reject })
      this.#pump()
    })
  }

  /** Starts the first worker ahead of traffic, so the first request does not pay its start-up time. */
  warmUp(): void {
    if (!this.#inline && this.#slots.length === 0) this.#spawn()
  }

  /** Stops every worker; queued and running tasks are rejected. */
  async close(): Promise<void> {
    const slots = this.#slots
    const queued = this.#queue
    this.#slots = []
    this.#queue = []
    const closed = new Error('crypto worker pool closed')
    for (const p of queued) p.reject(closed)
    await Promise.all(
      slots.map(async (slot) => {
        for (const p of slot.inflight.values()) p.reject(closed)
        slot.inflight.clear()
        await slot.worker.terminate()
      }),
    )
  }

  #runInline(task: T): Promise<R> {
    return new Promise<R>((resolve) => resolve(this.#opts.run(task)))
  }

  #pump(): void {
    if (this.#inline) {
      const queued = this.#queue
      this.#queue = []
      for (const p of queued) this.#runInline(p.task).then(p.resolve, p.reject)
      return
    }
    for (const slot of this.#slots) {
      while (slot.ready && slot.inflight.size < PIPELINE_DEPTH && this.#queue.length > 0) {
        const p = this.#queue.shift() as Pending<T, R>
        slot.inflight.set(p.id, p)
        this.#send(slot, p)
      }
    }
    const starting = this.#slots.some((s) => !s.ready)
    if (this.#queue.length > 0 && !starting && this.#slots.length < this.size) this.#spawn()
    this.#updateRefs()
  }

  /** Leaves the resident part out when this worker was sent it before; `resend` after the worker lost it. */
  #send(slot: Slot<T, R>, p: Pending<T, R>, resend = false): void {
    const resident = this.#opts.resident
    const key = resident?.keyOf(p.task)
    p.stripped = undefined
    if (resident && key !== undefined) {
      if (slot.resident.get(key)) {
        p.stripped = key
        this.#stats.skipped++
        slot.worker.postMessage({ id: p.id, task: resident.strip(p.task) })
        return
      }
      slot.resident.set(key, true)
      if (resend) this.#stats.resent++
      else this.#stats.sent++
    }
    slot.worker.postMessage({ id: p.id, task: p.task })
  }

  /** A worker holds the process open only while it owes an answer (or is starting for queued tasks). */
  #updateRefs(): void {
    for (const slot of this.#slots) {
      if (slot.inflight.size > 0 || (!slot.ready && this.#queue.length > 0)) slot.worker.ref()
      else slot.worker.unref()
    }
  }

  #spawn(): void {
    let worker: Worker
    try {
      const script = this.#opts.script
      worker = new Worker(BOOTSTRAP, { eval: true, workerData: { script: script.href, loader: loaderFor(script) } })
    } catch {
      this.#inline = true
      this.#pump()
      return
    }
    const capacity = this.#opts.resident?.capacity ?? 1
    const slot: Slot<T, R> = { worker, ready: false, inflight: new Map(), resident: new Lru(capacity) }
    this.#slots.push(slot)
    worker.on('message', (msg: Reply<R>) => this.#onMessage(slot, msg))
    worker.on('error', (err: Error) => this.#retire(slot, err))
    worker.on('exit', (code: number) => this.#retire(slot, new Error(`crypto worker exited with code ${code}`)))
    this.#updateRefs()
  }

  #onMessage(slot: Slot<T, R>, msg: Reply<R>): void {
    if ('type' in msg) {
      slot.ready = true
    } else {
      const p = slot.inflight.get(msg.id)
      if (p && !msg.ok && p.stripped !== undefined && msg.error.name === 'NotResidentError') {
        // The worker evicted the part (or never kept it because it failed to load): same worker, whole task.
        slot.resident.delete(p.stripped)
        this.#send(slot, p, true)
      } else if (p) {
        slot.inflight.delete(msg.id)
        if (msg.ok) p.resolve(msg.value)
        else p.reject((this.#opts.reviveError ?? reviveDefault)(msg.error))
      }
    }
    this.#pump()
  }

  /**
   * A worker that dies before it is ready means workers cannot run here: switch to inline, and the queued tasks
   * run inline. A worker that dies later fails only the tasks it held; the next task starts a replacement.
   */
  #retire(slot: Slot<T, R>, err: Error): void {
    const i = this.#slots.indexOf(slot)
    if (i < 0) return
    this.#slots.splice(i, 1)
    for (const p of slot.inflight.values()) p.reject(err)
    slot.inflight.clear()
    if (!slot.ready) this.#inline = true
    void slot.worker.terminate()
    this.#pump()
  }
}

function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) {
    const reason = (e as { reason?: unknown }).reason
    return { name: e.name, message: e.message, ...(typeof reason === 'string' ? { reason } : {}) }
  }
  return { name: 'Error', message: String(e) }
}

/** The worker side: answers `{ id, task }` messages with `run(task)`, then announces it is ready. */
export function serveWorkerTasks<T, R>(run: (task: T) => R): void {
  const port = parentPort
  if (!port) throw new Error('serveWorkerTasks must run inside a worker thread')
  port.on('message', ({ id, task }: { id: number; task: T }) => {
    try {
      const value = run(task)
      if (value instanceof Uint8Array) {
        const copy = new Uint8Array(value)
        port.postMessage({ id, ok: true, value: copy }, [copy.buffer])
      } else {
        port.postMessage({ id, ok: true, value })
      }
    } catch (e) {
      port.postMessage({ id, ok: false, error: serializeError(e) })
    }
  })
  port.postMessage({ type: 'ready' })
}
