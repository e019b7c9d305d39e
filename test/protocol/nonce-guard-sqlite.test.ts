/**
 * NonceGuard on the real SQLite store: batches, in-batch duplicates, replays, two store handles and two
 * processes on one file racing for the same nonces, and purge of expired rows.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { promisify } from 'node:util'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ManualClock } from '../../src/domain/clock.js'
import { MINUTE } from '../../src/domain/time.js'
import type { Store } from '../../src/store/store.js'
import { NonceGuard } from '../../src/protocol/nonce-guard.js'

const sqliteModule = fileURLToPath(new URL('../../src/store/sqlite.ts', import.meta.url))
const skip = existsSync(sqliteModule) ? false : 'src/store/sqlite.ts does not exist yet; NonceGuard is covered by its unit test only'

async function withStores(n: number, body: (stores: Store[], file: string) => Promise<void>): Promise<void> {
  const { openSqliteStore } = (await import('../../src/store/sqlite.js')) as {
    openSqliteStore(opts: { file: string }): Promise<Store>
  }
  const dir = mkdtempSync(join(tmpdir(), 'openkms-nonce-'))
  const file = join(dir, 'kms.db')
  const stores: Store[] = []
  try {
    for (let i = 0; i < n; i++) stores.push(await openSqliteStore({ file }))
    await body(stores, file)
  } finally {
    for (const s of stores) await s.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

test('claims, in-batch duplicates and replays on SQLite', { skip }, async () => {
  await withStores(1, async ([store]) => {
    const guard = new NonceGuard(store!.nonces, new ManualClock(), { purgeIntervalMs: 0 })
    const first = await Promise.all([guard.claim('ak', 'a'), guard.claim('ak', 'a'), guard.claim('ak', 'b'), guard.claim('ak2', 'a')])
    assert.deepEqual(first, [true, false, true, true])
    assert.equal(await guard.claim('ak', 'a'), false)
    assert.equal(await guard.claim('ak', 'c'), true)
    await guard.close()
  })
})

test('two handles on one database file accept each nonce exactly once', { skip }, async () => {
  await withStores(2, async (stores) => {
    const clock = new ManualClock()
    const guards = stores.map((s) => new NonceGuard(s.nonces, clock, { purgeIntervalMs: 0, maxBatch: 16 }))
    const claims = []
    for (let i = 0; i < 400; i++) claims.push(guards[i % 2]!.claim('ak', `n${i % 100}`).then((ok) => [i % 100, ok] as const))
    const wins = new Map<number, number>()
    for (const [n, ok] of await Promise.all(claims)) if (ok) wins.set(n, (wins.get(n) ?? 0) + 1)
    assert.equal(wins.size, 100)
    assert.ok([...wins.values()].every((c) => c === 1))
    for (const g of guards) await g.close()
  })
})

test('purge removes only expired nonces', { skip }, async () => {
  await withStores(1, async ([store]) => {
    const clock = new ManualClock()
    const guard = new NonceGuard(store!.nonces, clock, { purgeIntervalMs: 0 })
    const oldTime = clock.now()
    await guard.claim('ak', 'old', oldTime)
    clock.advance(10 * MINUTE)
    const newTime = clock.now()
    await guard.claim('ak', 'new', newTime)
    // 'old' could pass the time check until oldTime + 15 min; its record stays one minute more (clock skew).
    clock.advance(7 * MINUTE)
    assert.equal(await guard.purge(), 1)
    assert.equal(await guard.claim('ak', 'new', newTime), false)
    assert.equal(await guard.claim('ak', 'old', oldTime), true)
    await guard.close()
  })
})

test('two processes on one database file accept each nonce exactly once', { skip, timeout: 60_000 }, async () => {
  await withStores(1, async (_stores, file) => {
    const child = fileURLToPath(new URL('./fixtures/claim-nonces.ts', import.meta.url))
    const signedAt = String(Date.now())
    const run = () => promisify(execFile)(process.execPath, ['--import', 'tsx', child, file, '200', signedAt], { timeout: 50_000 })
    const [a, b] = await Promise.all([run(), run()])
    const wonA = JSON.parse(a.stdout) as boolean[]
    const wonB = JSON.parse(b.stdout) as boolean[]
    assert.equal(wonA.length, 200)
    assert.ok(wonA.every((w, i) => w !== wonB[i]), 'each nonce won by exactly one process')
  })
})
