/**
 * Raw in-process crypto rate on all cores: one worker thread per core runs the primitive in a loop for a
 * fixed time (bench/crypto-ceiling-worker.ts); the sum of their rates is the ceiling an action can reach.
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

/** Measures `primitive` on `threads` threads (default: every core) for `durationMs`. */
export async function measureCeiling(primitive: Primitive, durationMs: number, threads = availableParallelism()): Promise<CeilingResult> {
  const loader = import.meta.resolve('tsx/esm/api')
  const workers = Array.from({ length: threads }, () => new Worker(BOOTSTRAP, { eval: true, workerData: { script: SCRIPT, loader, primitive, durationMs } }))
  try {
    await Promise.all(workers.map((w) => nextMessage(w)))
    const results = workers.map((w) => nextMessage(w) as Promise<{ ops: number; elapsedMs: number }>)
    for (const w of workers) w.postMessage('go')
    const done = await Promise.all(results)
    return { primitive, threads, opsPerSec: done.reduce((sum, r) => sum + (r.ops * 1000) / r.elapsedMs, 0) }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
}

function nextMessage(w: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    w.once('message', resolve)
    w.once('error', reject)
  })
}
