/**
 * `npx tsx test/fuzz/transport-attacks.ts [--seconds S] [--scale F]`: the hostile probe's transport attacks at
 * full size against a real `openkms serve` (one process, default limits, loopback), each run while signed Encrypt
 * calls measure valid throughput. Prints, per attack, valid requests/s against the quiet baseline and the
 * server's peak RSS. Bounded: every attack stops after its phase, every socket is closed, nothing leaves 127.0.0.1.
 * The CI-sized versions of the same attacks, with assertions, are in test/transport/limits.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Socket } from 'node:net'
import { spawnServer } from '../support/server-process.js'
import { call, callOk } from '../support/signed-request.js'
import { chunk, chunkedHead, endlessChunked, hugeHeaderHead, open, paramFlood } from '../support/attacks.js'

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '5' }, scale: { type: 'string', default: '1' }, attack: { type: 'string' }, host: { type: 'string' } },
})
const SECONDS = Number(values.seconds)
const SCALE = Number(values.scale)
const CREDS = { accessKeyId: 'LTAIattackbench00001', accessKeySecret: 'attack-bench-secret-0123456789' }
const VALID_CLIENTS = 4

// Attacker mode: this script runs one attack against --host until killed, in a process of its own, so the
// attack's own work (writing gigabytes into sockets) does not stall the event loop that measures valid calls.
const attackerHost = values.host
const host = attackerHost ?? ''
const port = Number(host.split(':').pop())

/** Valid signed Encrypt calls on VALID_CLIENTS loops for `seconds`; counts successes and other answers. */
async function validLoad(seconds: number): Promise<{ rps: number; failures: Record<string, number>; peakRssMiB: number }> {
  const until = performance.now() + seconds * 1000
  let ok = 0
  const failures: Record<string, number> = {}
  let peak = server.rssBytes()
  const sampler = setInterval(() => (peak = Math.max(peak, server.rssBytes())), 100)
  await Promise.all(
    Array.from({ length: VALID_CLIENTS }, async () => {
      while (performance.now() < until) {
        try {
          const r = await call(serverHost, CREDS, 'Encrypt', { KeyId: keyId, Plaintext: plaintext })
          if (r.status === 200) ok++
          else failures[String(r.body.Code)] = (failures[String(r.body.Code)] ?? 0) + 1
        } catch (e) {
          failures[(e as Error).message.slice(0, 40)] = (failures[(e as Error).message.slice(0, 40)] ?? 0) + 1
        }
      }
    }),
  )
  clearInterval(sampler)
  return { rps: ok / seconds, failures, peakRssMiB: Math.round(peak / 2 ** 20) }
}

/** Holds `count` sockets, each made hostile by `start`, for the phase; closes them all after. */
function hold(count: number, start: (s: Socket) => void): { stop(): void } {
  const sockets: Socket[] = []
  let stopped = false
  void (async () => {
    for (let i = 0; i < count && !stopped; i++) {
      const s = await open(port).catch(() => undefined)
      if (!s) continue
      s.on('error', () => {})
      sockets.push(s)
      start(s)
    }
  })()
  return {
    stop() {
      stopped = true
      for (const s of sockets) s.destroy()
    },
  }
}

type Attack = { name: string; start(): { stop(): unknown } }
const n = (x: number) => Math.max(1, Math.round(x * SCALE))
const ATTACKS: Attack[] = [
  { name: `4 loops of forged requests with 100,000 parameters`, start: () => paramFlood(port, host, 100_000, n(4)) },
  { name: `${n(1500)} connections stalling after ~120 KB of headers`, start: () => hold(n(1500), (s) => s.write(hugeHeaderHead(120_000, host))) },
  {
    name: `${n(1500)} connections stalling after ~1 MB of a declared 1 MiB body`,
    start: () => hold(n(1500), (s) => s.write(Buffer.concat([Buffer.from(`POST / HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 1048576\r\n\r\n`), Buffer.alloc(1_000_000, 0x61)]))),
  },
  {
    name: `${n(4)} loops of chunked bodies that never end`,
    start: () => {
      let running = true
      const loops = Array.from({ length: n(4) }, async () => {
        while (running) await endlessChunked(port, host, 64 * 1024)
      })
      return { stop: () => ((running = false), Promise.all(loops)) }
    },
  },
  {
    name: `${n(500)} slowloris connections (a header line every second)`,
    start: () => {
      const timers: NodeJS.Timeout[] = []
      const h = hold(n(500), (s) => {
        s.write(`POST / HTTP/1.1\r\nhost: ${host}\r\n`)
        timers.push(setInterval(() => s.writable && s.write('x-drip: 1\r\n'), 1000))
      })
      return { stop: () => (timers.forEach(clearInterval), h.stop()) }
    },
  },
  { name: `${n(600)} idle connections (over the 512 cap)`, start: () => hold(n(600), () => {}) },
  {
    name: `${n(300)} chunked bodies stalling at 512 KiB each (buffered-bytes budget)`,
    start: () => hold(n(300), (s) => s.write(Buffer.concat([chunkedHead(host), chunk(512 * 1024)]))),
  },
]

if (values.attack !== undefined) {
  ATTACKS[Number(values.attack)]!.start()
  await new Promise(() => {})
}

const dataDir = mkdtempSync(join(tmpdir(), 'openkms-attacks-'))
const server = await spawnServer({ dataDir, credentials: CREDS, workers: 1, timeoutMs: 120_000 })
const serverHost = server.host
const keyId = ((await callOk(serverHost, CREDS, 'CreateKey', { KeySpec: 'Aliyun_AES_256' })).KeyMetadata as { KeyId: string }).KeyId
const plaintext = Buffer.from('thirty-two bytes of plaintext!!!').toString('base64')


function attacker(index: number): { stop(): Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--attack', String(index), '--host', serverHost, '--scale', String(SCALE)], {
    stdio: 'ignore',
  })
  return {
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGKILL')
      }),
  }
}

const lines: string[] = []
const say = (l: string) => {
  lines.push(l)
  process.stdout.write(`${l}\n`)
}
try {
  await validLoad(1)
  // The machine is shared: each attack is compared with a quiet phase run just before it, not one baseline.
  say(`openkms transport attacks, ${new Date().toISOString()}, ${SECONDS} s per phase, ${VALID_CLIENTS} valid Encrypt clients, default limits, load generator and attackers on the same machine`)
  say('')
  // Server CPU per valid call, quiet and under attack, is the figure other load on the machine disturbs least:
  // what the attack costs the server shows there even when a neighbour's load moves the request rates.
  say('| attack | quiet req/s | under attack req/s | ratio | server CPU ms per valid call, quiet → under attack | peak RSS MiB | valid calls refused |')
  say('| --- | ---: | ---: | ---: | ---: | ---: | --- |')
  for (const [index, attack] of ATTACKS.entries()) {
    const q0 = server.cpuSeconds()
    const quiet = await validLoad(SECONDS)
    const quietCpu = server.cpuSeconds() - q0
    const running = attacker(index)
    await new Promise((r) => setTimeout(r, 3000))
    const cpu0 = server.cpuSeconds()
    const under = await validLoad(SECONDS)
    const cpu = server.cpuSeconds() - cpu0
    await running.stop()
    const perCall = (seconds: number, rps: number) => ((seconds * 1000) / Math.max(1, rps * SECONDS)).toFixed(2)
    say(
      `| ${attack.name} | ${quiet.rps.toFixed(0)} | ${under.rps.toFixed(0)} | ${(under.rps / quiet.rps).toFixed(2)} | ${perCall(quietCpu, quiet.rps)} → ${perCall(cpu, under.rps)} | ${under.peakRssMiB} | ${JSON.stringify(under.failures)} |`,
    )
    await new Promise((r) => setTimeout(r, 2000))
  }
  say('')
  say(`server RSS at the end: ${Math.round(server.rssBytes() / 2 ** 20)} MiB`)
} finally {
  await server.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
