/**
 * Raw in-process crypto rates on all cores: one worker thread per core runs a primitive in a loop for a
 * fixed time (bench/crypto-ceiling-worker.ts); the sum of their rates is the ceiling an action can reach.
 * The same threads measure every primitive, one after the other.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { Primitive } from './crypto-primitives.js'

export interface CeilingResult {
  primitive: Primitive
  threads: number
  opsPerSec: number
}

/** Workers run TypeScript: on Node 20 tsx must be registered inside each worker before the script loads. */
const BOOTSTRAP = `const { workerData } = require('node:worker_threads')
import(workerData.loader).then((m) => m.register()).then(() => import(workerData.script))`

const SCRIPT = new URL('./crypto-ceiling-worker.ts', import.meta.url).href

/** Threads kept for the whole run, so each measurement does not pay for starting them. */
export class CeilingWorkers {
  private constructor(private readonly workers: Worker[]) {}

  /** Starts `threads` worker threads (default: one per core). */
  static async start(threads = availableParallelism()): Promise<CeilingWorkers> {
    const loader = import.meta.resolve('tsx/esm/api')
    const workers = Array.from({ length: threads }, () => new Worker(BOOTSTRAP, { eval: true, workerData: { script: SCRIPT, loader } }))
    await Promise.all(workers.map((w) => nextMessage(w)))
    return new CeilingWorkers(workers)
  }

  /** Measures each primitive for `durationMs` on every thread at once; the rate is the sum over threads. */
  async measure(primitives: Primitive[], durationMs: number, onResult: (r: CeilingResult) => void): Promise<CeilingResult[]> {
    const results: CeilingResult[] = []
    for (const primitive of primitives) {
      const ready = this.workers.map((w) => nextMessage(w))
      for (const w of this.workers) w.postMessage({ primitive, durationMs })
      await Promise.all(ready)
      const done = this.workers.map((w) => nextMessage(w) as Promise<{ ops: number; elapsedMs: number }>)
      for (const w of this.workers) w.postMessage('go')
      const counts = await Promise.all(done)
      const r = { primitive, threads: this.workers.length, opsPerSec: counts.reduce((sum, c) => sum + (c.ops * 1000) / c.elapsedMs, 0) }
      onResult(r)
      results.push(r)
    }
    return results
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()))
  }
}

function nextMessage(w: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => {
      w.off('message', onMessage)
      reject(e)
    }
    const onMessage = (m: unknown) => {
      w.off('error', onError)
      resolve(m)
    }
    w.once('message', onMessage)
    w.once('error', onError)
  })
}
