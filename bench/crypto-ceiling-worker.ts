/**
 * One thread of a crypto-ceiling measurement (bench/crypto-ceiling.ts): prepares the primitive, waits for
 * the common start signal, runs it in a loop until the deadline and reports how many operations it did.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { preparePrimitive, type Primitive } from './crypto-primitives.js'

const { primitive, durationMs } = workerData as { primitive: Primitive; durationMs: number }
const op = await preparePrimitive(primitive)
for (let i = 0; i < 50; i++) op()
parentPort!.once('message', () => {
  const start = performance.now()
  const deadline = start + durationMs
  let ops = 0
  while (performance.now() < deadline) {
    for (let i = 0; i < 8; i++) op()
    ops += 8
  }
  parentPort!.postMessage({ ops, elapsedMs: performance.now() - start })
})
parentPort!.postMessage('ready')
