/**
 * The CPU one raw operation costs on one thread: a child process runs the primitive in a loop until it has
 * used `cpuMs` of CPU (process.cpuUsage, so other load on the machine does not change the figure) and
 * prints µs per operation. This is what a signing request's server CPU is compared with.
 * Child mode: `node --import tsx bench/raw-cost.ts <primitive> <cpuMs>`.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { preparePrimitive, type Primitive } from './crypto-primitives.js'

const SELF = fileURLToPath(import.meta.url)

/** CPU µs per operation of `primitive` on one thread. */
export async function rawCpuUs(primitive: Primitive, cpuMs: number): Promise<number> {
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SELF, primitive, String(cpuMs)], { stdio: ['ignore', 'pipe', 'inherit'] })
    let text = ''
    child.stdout.on('data', (c: Buffer) => (text += c.toString()))
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`raw-cost ${primitive} exited with ${code}`))))
  })
  const us = Number(/cpuUs (\S+)/.exec(out)?.[1])
  if (!Number.isFinite(us)) throw new Error(`raw-cost ${primitive} printed no figure: ${out}`)
  return us
}

if (process.argv[1] === SELF) {
  const op = await preparePrimitive(process.argv[2] as Primitive)
  const budgetUs = Number(process.argv[3] ?? 1000) * 1000
  for (let i = 0; i < 50; i++) op()
  const start = process.cpuUsage()
  let ops = 0
  let used = 0
  while (used < budgetUs) {
    for (let i = 0; i < 8; i++) op()
    ops += 8
    const d = process.cpuUsage(start)
    used = d.user + d.system
  }
  process.stdout.write(`cpuUs ${used / ops}\n`)
}
