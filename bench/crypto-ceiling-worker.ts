/**
 * One thread of the crypto-ceiling measurements (bench/crypto-ceiling.ts). For each `{ primitive,
 * durationMs }` it receives: prepare the primitive, answer 'ready', wait for 'go' (all threads start
 * together), run it in a loop until the deadline, answer how many operations it did.
 */
import { parentPort } from 'node:worker_threads'
import { preparePrimitive, type Primitive } from './crypto-primitives.js'

const port = parentPort!
let op: (() => void) | undefined
let durationMs = 0

port.on('message', async (msg: { primitive: Primitive; durationMs: number } | 'go') => {
  if (msg !== 'go') {
    op = await preparePrimitive(msg.primitive)
    durationMs = msg.durationMs
    for (let i = 0; i < 50; i++) op()
    port.postMessage('ready')
    return
  }
  const run = op as () => void
  const start = performance.now()
  const deadline = start + durationMs
  let ops = 0
  while (performance.now() < deadline) {
    for (let i = 0; i < 8; i++) run()
    ops += 8
  }
  port.postMessage({ ops, elapsedMs: performance.now() - start })
})
port.postMessage('started')
