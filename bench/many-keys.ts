/**
 * The many-keys scenario: a store filled with N keys (100,000 by default) against one with 100, compared
 * on DescribeKey and Encrypt latency (each request names a random key of the store, so caches see the
 * whole key set), server start-up time, and the server's resident memory after the load. Both servers
 * are single processes (`--workers 1`), so the RSS is the whole server's.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnServer, type ServerProcess } from '../test/support/server-process.js'
import { signRequest, type Credentials } from '../test/support/signed-request.js'
import { has } from './fixtures.js'
import { fillStore } from './fill-store.js'
import { runLoad, type LoadResult } from './load.js'
import type { LatencyFigures, ManyKeysResult, StoreRun } from './results.js'

export interface ManyKeysOptions {
  manyKeys: number
  fewKeys: number
  durationSec: number
  warmupSec: number
  connections: number
  credentials: Credentials
  /** The server script (see bench/build.ts); bin/openkms.js when absent. */
  entry?: string
  log: (line: string) => void
}

export function figures(r: LoadResult): LatencyFigures {
  return { rps: r.rps, p50Ms: r.p50Ms, p99Ms: r.p99Ms, failed: r.failed, serverCores: r.serverCores, clientCores: r.clientCores }
}

const pick = (ids: string[]) => ids[Math.floor(Math.random() * ids.length)] as string

const mean = (fs: LatencyFigures[]): LatencyFigures => ({
  rps: fs.reduce((a, f) => a + f.rps, 0) / fs.length,
  p50Ms: fs.reduce((a, f) => a + f.p50Ms, 0) / fs.length,
  p99Ms: fs.reduce((a, f) => a + f.p99Ms, 0) / fs.length,
  failed: fs.reduce((a, f) => a + f.failed, 0),
  serverCores: fs.reduce((a, f) => a + (f.serverCores ?? 0), 0) / fs.length,
  clientCores: fs.reduce((a, f) => a + (f.clientCores ?? 0), 0) / fs.length,
})

interface Target {
  server: ServerProcess
  keyIds: string[]
  run: StoreRun
}

/**
 * Both servers run side by side and are measured alternately, few–many–many–few (ABBA), so a change in
 * the machine's load during the scenario weighs on both stores alike.
 */
async function compare(targets: [Target, Target], o: ManyKeysOptions): Promise<void> {
  const plaintext = Buffer.alloc(32, 7).toString('base64')
  const phases: Array<['describeKey' | 'encrypt', string, (id: string) => Record<string, string>]> = [
    ['describeKey', 'DescribeKey', (id) => ({ KeyId: id })],
    ['encrypt', 'Encrypt', (id) => ({ KeyId: id, Plaintext: plaintext })],
  ]
  for (const [field, action, params] of phases) {
    if (!has(action)) continue
    const load = (t: Target, durationSec: number) =>
      runLoad({
        host: t.server.host,
        connections: o.connections,
        durationSec,
        next: () => signRequest(o.credentials, action, params(pick(t.keyIds)), { style: 'v1', host: t.server.host }),
        serverCpuSeconds: () => t.server.cpuSeconds(),
      })
    const samples = new Map<Target, LatencyFigures[]>(targets.map((t) => [t, []]))
    for (const t of targets) await load(t, o.warmupSec)
    for (const t of [targets[0], targets[1], targets[1], targets[0]]) samples.get(t)!.push(figures(await load(t, o.durationSec / 2)))
    for (const t of targets) {
      const f = mean(samples.get(t)!)
      t.run[field] = f
      o.log(`  ${t.keyIds.length} keys, ${action}: p50 ${f.p50Ms.toFixed(2)} ms, p99 ${f.p99Ms.toFixed(2)} ms, ${f.rps.toFixed(0)} req/s`)
    }
  }
}

/** Starts a server on each store (start-up is measured one at a time), compares them, reads their RSS. */
async function measureStores(stores: Array<{ dataDir: string; keyIds: string[] }>, o: ManyKeysOptions): Promise<StoreRun[]> {
  const targets: Target[] = []
  try {
    for (const { dataDir, keyIds } of stores) {
      const server = await spawnServer({ dataDir, credentials: o.credentials, workers: 1, entry: o.entry })
      o.log(`  ${keyIds.length} keys: started in ${(server.startupMs / 1000).toFixed(2)} s`)
      targets.push({ server, keyIds, run: { keys: keyIds.length, startupMs: server.startupMs, rssMiB: 0 } })
    }
    await compare(targets as [Target, Target], o)
    for (const t of targets) t.run.rssMiB = t.server.rssBytes() / 1024 / 1024
    return targets.map((t) => t.run)
  } finally {
    await Promise.all(targets.map((t) => t.server.stop()))
  }
}

/** Fills both stores, measures them, removes them. */
export async function runManyKeys(o: ManyKeysOptions): Promise<ManyKeysResult> {
  const fewDir = mkdtempSync(join(tmpdir(), 'openkms-bench-few-'))
  const manyDir = mkdtempSync(join(tmpdir(), 'openkms-bench-many-'))
  try {
    const few = await fillStore(fewDir, o.fewKeys, o.credentials)
    o.log(`  filling ${o.manyKeys} keys…`)
    const many = await fillStore(manyDir, o.manyKeys, o.credentials)
    o.log(`  filled ${o.manyKeys} keys in ${(many.fillMs / 1000).toFixed(1)} s`)
    const [fewRun, manyRun] = (await measureStores([{ dataDir: fewDir, keyIds: few.keyIds }, { dataDir: manyDir, keyIds: many.keyIds }], o)) as [StoreRun, StoreRun]
    const ratio = (a?: LatencyFigures, b?: LatencyFigures) => (a && b && b.p50Ms > 0 ? a.p50Ms / b.p50Ms : undefined)
    return {
      fillMs: many.fillMs,
      few: fewRun,
      many: manyRun,
      describeKeyRatio: ratio(manyRun.describeKey, fewRun.describeKey),
      encryptRatio: ratio(manyRun.encrypt, fewRun.encrypt),
    }
  } finally {
    rmSync(fewDir, { recursive: true, force: true })
    rmSync(manyDir, { recursive: true, force: true })
  }
}
