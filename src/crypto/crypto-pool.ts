/**
 * The worker threads that run private-key operations (and the JavaScript EC/SM2 math) off the event loop. A
 * running server owns exactly one, created with its runtime and closed by `App.close()`; workers start on first
 * use and idle workers do not keep the process alive.
 */
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CryptoError, type CryptoErrorReason } from './crypto-error.js'
import { residentKeys, runCryptoTask, type CryptoTask, type CryptoTaskResult } from './crypto-task.js'
import { WorkerPool, type ResidentStats, type SerializedError } from './worker-pool.js'

export interface CryptoPoolOptions {
  /** Number of worker threads; defaults to the number of cores. */
  size?: number
  /** Run everything on the calling thread (no workers). */
  inline?: boolean
}

/** The worker entry sits next to this module with the same extension (.ts under tsx, .js when compiled). */
const workerScript = new URL(`./crypto-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url)

function reviveError(e: SerializedError): Error {
  if (e.name === 'CryptoError') return new CryptoError((e.reason ?? 'format') as CryptoErrorReason, e.message)
  const err = new Error(e.message)
  err.name = e.name
  return err
}

export class CryptoPool {
  readonly #pool: WorkerPool<CryptoTask, CryptoTaskResult>

  constructor(opts: CryptoPoolOptions = {}) {
    this.#pool = new WorkerPool({ script: workerScript, run: runCryptoTask, reviveError, resident: residentKeys, ...opts })
  }

  run(task: CryptoTask): Promise<CryptoTaskResult> {
    return this.#pool.run(task)
  }

  /** Starts a worker ahead of the first request. */
  warmUp(): void {
    this.#pool.warmUp()
  }

  /** 'workers' normally; 'inline' when disabled or when workers could not start in this environment. */
  /** Tasks waiting for a worker, and tasks a worker is running. */
  get depth(): { queued: number; running: number } {
    return { queued: this.#pool.queued, running: this.#pool.running }
  }

  get mode(): 'workers' | 'inline' {
    return this.#pool.mode
  }

  /** How often key material was sent to a worker, left out because the worker held the key, or sent again. */
  get residentStats(): ResidentStats {
    return this.#pool.residentStats
  }

  /** Worker threads running now (0 before first use and after close). */
  get workerCount(): number {
    return this.#pool.workerCount
  }

  /** Stops the worker threads; queued and running tasks are rejected. */
  close(): Promise<void> {
    return this.#pool.close()
  }
}
