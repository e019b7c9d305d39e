/**
 * The many-keys scenario: a store filled with N keys (100,000 by default) against one with 100, compared
 * on DescribeKey and Encrypt latency (each request names a random key of the store, so caches see the
 * whole key set), server start-up time, and the server's resident memory after the load.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnServer } from '../test/support/server-process.js'
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
  log: (line: string) => void
}

export function figures(r: LoadResult): LatencyFigures {
  return { rps: r.rps, p50Ms: r.p50Ms, p99Ms: r.p99Ms, failed: r.failed }
}

const pick = (ids: string[]) => ids[Math.floor(Math.random() * ids.length)] as string

async function measureStore(dataDir: string, keyIds: string[], o: ManyKeysOptions): Promise<StoreRun> {
  const server = await spawnServer({ dataDir, credentials: o.credentials })
  try {
    const run: StoreRun = { keys: keyIds.length, startupMs: server.startupMs, rssMiB: 0 }
    const plaintext = Buffer.alloc(32, 7).toString('base64')
    const phases: Array<[keyof StoreRun & ('describeKey' | 'encrypt'), string, (id: string) => Record<string, string>]> = [
      ['describeKey', 'DescribeKey', (id) => ({ KeyId: id })],
      ['encrypt', 'Encrypt', (id) => ({ KeyId: id, Plaintext: plaintext })],
    ]
    for (const [field, action, params] of phases) {
      if (!has(action)) continue
      const next = () => signRequest(o.credentials, action, params(pick(keyIds)), { style: 'v1', host: server.host })
      await runLoad({ host: server.host, connections: o.connections, durationSec: o.warmupSec, next })
      run[field] = figures(await runLoad({ host: server.host, connections: o.connections, durationSec: o.durationSec, next }))
      o.log(`  ${keyIds.length} keys, ${action}: p50 ${run[field]!.p50Ms} ms, p99 ${run[field]!.p99Ms} ms, ${run[field]!.rps.toFixed(0)} req/s`)
    }
    run.rssMiB = server.rssBytes() / 1024 / 1024
    return run
  } finally {
    await server.stop()
  }
}

/** Fills both stores, measures each in turn, removes them. */
export async function runManyKeys(o: ManyKeysOptions): Promise<ManyKeysResult> {
  const fewDir = mkdtempSync(join(tmpdir(), 'openkms-bench-few-'))
  const manyDir = mkdtempSync(join(tmpdir(), 'openkms-bench-many-'))
  try {
    const few = await fillStore(fewDir, o.fewKeys, o.credentials)
    o.log(`  filling ${o.manyKeys} keys…`)
    const many = await fillStore(manyDir, o.manyKeys, o.credentials)
    o.log(`  filled ${o.manyKeys} keys in ${(many.fillMs / 1000).toFixed(1)} s`)
    const fewRun = await measureStore(fewDir, few.keyIds, o)
    const manyRun = await measureStore(manyDir, many.keyIds, o)
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
