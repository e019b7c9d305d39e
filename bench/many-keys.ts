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
import { cacheEntryBytes } from './cache-entry-size.js'
import { fillStore } from './fill-store.js'
import { runLoad } from './load.js'
import { measure, mergeFigures, type LoadSettings } from './measure.js'
import type { LatencyFigures, ManyKeysResult, StoreRun } from './results.js'

export interface ManyKeysOptions extends LoadSettings {
  manyKeys: number
  fewKeys: number
  /** Key cache size of both servers (OPENKMS_KEY_CACHE_SIZE); the server's default when absent. */
  keyCacheSize?: number
  credentials: Credentials
  /** The server script (see bench/build.ts); bin/openkms.js when absent. */
  entry?: string
  log: (line: string) => void
}

const pick = (ids: string[]) => ids[Math.floor(Math.random() * ids.length)] as string

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
  // Every key once, before anything is measured: the comparison is of the steady state, in which the key
  // cache (OPENKMS_KEY_CACHE_SIZE) holds what it can, not of a cold start that would favour the small store.
  if (has('Encrypt')) {
    for (const t of targets) {
      const started = performance.now()
      // In rounds sized by the previous round's rate, until every key has been sent once.
      let sent = 0
      let rate = 4000
      while (sent < t.keyIds.length) {
        const rest = t.keyIds.slice(sent)
        let i = 0
        const r = await runLoad({
          host: t.server.host,
          connections: o.connections,
          generator: o.generator,
          threads: o.threads,
          durationSec: Math.max(1, Math.ceil(rest.length / rate)),
          count: rest.length,
          source: { unique: true, next: () => signRequest(o.credentials, 'Encrypt', { KeyId: rest[i++ % rest.length] as string, Plaintext: plaintext }, { style: 'v1', host: t.server.host }) },
        })
        sent += r.ok + r.failed
        rate = Math.max(500, r.rps)
      }
      o.log(`  ${t.keyIds.length} keys: each key used once in ${((performance.now() - started) / 1000).toFixed(1)} s (warms the key cache)`)
    }
  }
  for (const [field, action, params] of phases) {
    if (!has(action)) continue
    const load = (t: Target, warmUp: boolean) =>
      measure(
        o,
        { host: t.server.host, serverCpuSeconds: () => t.server.cpuSeconds() },
        { unique: true, next: () => signRequest(o.credentials, action, params(pick(t.keyIds)), { style: 'v1', host: t.server.host }) },
        { warmUp, durationSec: Math.max(1, o.durationSec / 2) },
      )
    const samples = new Map<Target, LatencyFigures[]>(targets.map((t) => [t, []]))
    const warm = new Set<Target>()
    for (const t of [targets[0], targets[1], targets[1], targets[0]]) {
      samples.get(t)!.push(await load(t, !warm.has(t)))
      warm.add(t)
    }
    for (const t of targets) {
      const f = mergeFigures(samples.get(t)!)
      t.run[field] = f
      o.log(`  ${t.keyIds.length} keys, ${action}: p50 ${f.p50Ms.toFixed(2)} ms, p99 ${f.p99Ms.toFixed(2)} ms, ${f.rps.toFixed(0)} req/s, ${f.serverCpuUs?.toFixed(0)} µs CPU/request`)
    }
  }
}

/** Starts a server on each store (start-up is measured one at a time), compares them, reads their RSS. */
async function measureStores(stores: Array<{ dataDir: string; keyIds: string[] }>, o: ManyKeysOptions): Promise<StoreRun[]> {
  const targets: Target[] = []
  try {
    for (const { dataDir, keyIds } of stores) {
      const env = o.keyCacheSize === undefined ? undefined : { OPENKMS_KEY_CACHE_SIZE: String(o.keyCacheSize) }
      const server = await spawnServer({ dataDir, credentials: o.credentials, workers: 1, entry: o.entry, env })
      o.log(`  ${keyIds.length} keys: started in ${(server.startupMs / 1000).toFixed(2)} s`)
      targets.push({ server, keyIds, run: { keys: keyIds.length, keyCacheSize: o.keyCacheSize, startupMs: server.startupMs, rssMiB: 0 } })
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
    const bytesPerCacheEntry = await cacheEntryBytes(Math.min(o.manyKeys, 20_000))
    o.log(`  one key-cache entry: ${bytesPerCacheEntry.toFixed(0)} bytes (heap + external, ${Math.min(o.manyKeys, 20_000)} keys loaded)`)
    return {
      bytesPerCacheEntry,
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
