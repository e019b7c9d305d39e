/**
 * wrk (C, epoll, Debian package `wrk`) as the load generator: it costs a fraction of what a Node load
 * generator costs per request, so on a small machine the server, not the generator, is what gets measured.
 * wrk cannot sign, so every request is signed up front: `writePool` writes the raw HTTP requests into one
 * file per wrk thread and bench/wrk-pool.lua sends each thread's file in order (every nonce once).
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SignedRequest } from '../test/support/signed-request.js'

const SCRIPT = fileURLToPath(new URL('./wrk-pool.lua', import.meta.url))
const USER_HZ = 100

/** Whether wrk runs here; when it does not, tries to install it from Debian (root or password-less sudo). */
export function ensureWrk(log: (line: string) => void): boolean {
  const works = () => spawnSync('wrk', ['-v'], { encoding: 'utf8' }).error === undefined
  if (works()) return true
  log('wrk not found: installing the Debian package (apt-get install wrk)')
  const asRoot = process.getuid?.() === 0
  const apt = (args: string[]) => spawnSync(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['-n', 'apt-get', ...args], { stdio: 'ignore', timeout: 300_000 })
  if (apt(['install', '-y', '-q', 'wrk']).status !== 0) {
    apt(['update', '-q'])
    apt(['install', '-y', '-q', 'wrk'])
  }
  return works()
}

/** One request as wrk sends it: request line, headers, an exact content-length, body. */
export function rawRequest(r: SignedRequest): Buffer {
  let head = `${r.method} ${r.path} HTTP/1.1\r\n`
  for (const [name, value] of Object.entries(r.headers)) if (name.toLowerCase() !== 'content-length') head += `${name}: ${value}\r\n`
  if (r.method !== 'GET' || r.body.length > 0) head += `content-length: ${r.body.length}\r\n`
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'utf8'), r.body])
}

/** Writes `count` requests from `next` into `threads` files `<prefix>.<i>`, dealt round-robin. */
export function writePool(prefix: string, threads: number, count: number, next: () => SignedRequest): void {
  const parts: Buffer[][] = Array.from({ length: threads }, () => [])
  for (let i = 0; i < count; i++) {
    const raw = rawRequest(next())
    parts[i % threads]!.push(Buffer.from(`${raw.length}\n`), raw)
  }
  parts.forEach((p, i) => writeFileSync(`${prefix}.${i}`, Buffer.concat(p)))
}

export interface WrkRun {
  requests: number
  durationSec: number
  /** Answers with a status ≥ 400, and socket errors/timeouts. */
  statusErrors: number
  socketErrors: number
  p50Ms: number
  p99Ms: number
  meanMs: number
  /** Times a thread ran out of requests and started over (its replays are refused by openkms). */
  wrapped: number
  /** CPU seconds wrk itself used while sending. */
  cpuSeconds: number
}

/** Runs wrk against `url` with a pool of `count` requests; the pool files are removed afterwards. */
export async function runWrk(o: {
  url: string
  threads: number
  connections: number
  durationSec: number
  count: number
  next: () => SignedRequest
  /** Called once the pool is written, right before wrk starts. */
  onStart?: () => void
}): Promise<WrkRun> {
  const dir = mkdtempSync(join(tmpdir(), 'openkms-wrk-'))
  const threads = Math.max(1, Math.min(o.threads, o.connections))
  try {
    const prefix = join(dir, 'pool')
    writePool(prefix, threads, Math.max(o.count, threads), o.next)
    const args = ['-t', String(threads), '-c', String(o.connections), '-d', `${Math.max(1, Math.round(o.durationSec))}s`, '--timeout', '30s', '-s', SCRIPT, o.url, '--', prefix]
    o.onStart?.()
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] })
      let text = ''
      child.stdout.on('data', (c: Buffer) => (text += c.toString()))
      child.stderr.on('data', (c: Buffer) => (text += c.toString()))
      child.once('error', reject)
      child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}:\n${text}`))))
    })
    const line = /^WRKJSON (.*)$/m.exec(out)
    if (!line) throw new Error(`wrk printed no figures:\n${out}`)
    const j = JSON.parse(line[1] as string) as Record<string, number>
    return {
      requests: j.requests!,
      durationSec: j.durationUs! / 1e6,
      statusErrors: j.status!,
      socketErrors: j.connect! + j.read! + j.write! + j.timeout!,
      p50Ms: j.p50Us! / 1000,
      p99Ms: j.p99Us! / 1000,
      meanMs: j.meanUs! / 1000,
      wrapped: j.wrapped!,
      cpuSeconds: j.cpuTicks! / USER_HZ,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
