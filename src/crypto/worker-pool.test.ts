import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, it } from 'node:test'
import { WorkerPool, type ResidentParts } from './worker-pool.js'

const double = (n: number) => n * 2

async function withTempDir<T>(fn: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'openkms-pool-'))
  try {
    return await fn(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('WorkerPool', () => {
  it('falls back to inline execution when the worker script cannot load, losing no task', async () => {
    const pool = new WorkerPool<number, number>({ script: new URL('./no-such-worker.js', import.meta.url), run: double, size: 2 })
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => pool.run(n)))
    assert.deepEqual(results, [2, 4, 6, 8, 10])
    assert.equal(pool.mode, 'inline')
    assert.equal(pool.workerCount, 0)
    await pool.close()
  })

  it('falls back when the worker script throws while loading', async () => {
    await withTempDir(async (dir) => {
      const script = join(dir, 'bad-worker.mjs')
      writeFileSync(script, 'throw new Error("boom")\n')
      const pool = new WorkerPool<number, number>({ script: pathToFileURL(script), run: double })
      assert.equal(await pool.run(21), 42)
      assert.equal(pool.mode, 'inline')
      await pool.close()
    })
  })

  it('runs tasks on workers, revives their errors, and replaces a worker that crashed', async () => {
    await withTempDir(async (dir) => {
      const script = join(dir, 'worker.mts')
      const serve = pathToFileURL(join(import.meta.dirname, 'worker-pool.ts')).href
      writeFileSync(
        script,
        `import { threadId } from 'node:worker_threads'
import { serveWorkerTasks } from ${JSON.stringify(serve)}
serveWorkerTasks((n) => {
  if (n === -1) { const e = new Error('negative'); e.name = 'CryptoError'; e.reason = 'format'; throw e }
  if (n === -2) process.exit(3)
  return { n: n * 2, threadId }
})
`,
      )
      const pool = new WorkerPool<number, { n: number; threadId: number }>({
        script: pathToFileURL(script),
        run: () => assert.fail('must not run inline'),
        size: 2,
        reviveError: (e) => Object.assign(new Error(`revived ${e.message}`), { reason: e.reason }),
      })
      try {
        const out = await Promise.all(Array.from({ length: 20 }, (_, i) => pool.run(i)))
        assert.deepEqual(out.map((o) => o.n), Array.from({ length: 20 }, (_, i) => i * 2))
        assert.ok(out.every((o) => o.threadId > 0), 'ran off the main thread')
        await assert.rejects(pool.run(-1), (e: Error & { reason?: string }) => e.message === 'revived negative' && e.reason === 'format')
        await assert.rejects(pool.run(-2), /exited with code 3/)
        assert.equal((await pool.run(5)).n, 10)
        assert.equal(pool.mode, 'workers')
      } finally {
        await pool.close()
      }
    })
  })

  it('does not keep a process alive once its work is done', async () => {
    await withTempDir((dir) => {
      const facade = pathToFileURL(join(import.meta.dirname, 'asymmetric.ts')).href
      const keygen = pathToFileURL(join(import.meta.dirname, 'keygen.ts')).href
      const script = join(dir, 'main.mts')
      writeFileSync(
        script,
        `import { signDigest, cryptoPoolMode } from ${JSON.stringify(facade)}
import { generateKeyMaterial } from ${JSON.stringify(keygen)}
const k = await generateKeyMaterial('EC_P256')
const sig = await signDigest('EC_P256', k.material, 'ECDSA_SHA_256', Buffer.alloc(32, 1))
console.log(cryptoPoolMode(), sig.length > 0)
`,
      )
      const out = execFileSync(process.execPath, ['--import', 'tsx', script], {
        cwd: join(import.meta.dirname, '..', '..'),
        timeout: 30_000,
      })
      assert.equal(out.toString().trim(), 'workers true')
    })
  })

  describe('resident parts', () => {
    type Task = { key?: string; part?: number; n: number; exit?: boolean }
    type Out = { value: number; carried: boolean; threadId: number }
    const resident: ResidentParts<Task> = {
      keyOf: (t) => t.key,
      strip: ({ part: _, ...rest }) => rest,
      capacity: 10,
    }

    /** A worker that keeps two parts (fewer than the pool's 10, so it forgets some the pool thinks it has). */
    async function withResidentPool(fn: (pool: WorkerPool<Task, Out>) => Promise<void>, size = 1): Promise<void> {
      await withTempDir(async (dir) => {
        const script = join(dir, 'resident-worker.mts')
        const url = (f: string) => JSON.stringify(pathToFileURL(join(import.meta.dirname, f)).href)
        writeFileSync(
          script,
          `import { threadId } from 'node:worker_threads'
import { NotResidentError, serveWorkerTasks } from ${url('worker-pool.ts')}
import { Lru } from ${url('lru.ts')}
const held = new Lru(2)
serveWorkerTasks((t) => {
  if (t.exit) process.exit(3)
  let part = held.get(t.key)
  if (t.part !== undefined) held.set(t.key, (part = t.part))
  if (part === undefined) throw new NotResidentError(t.key)
  return { value: part * t.n, carried: t.part !== undefined, threadId }
})
`,
        )
        const pool = new WorkerPool<Task, Out>({ script: pathToFileURL(script), run: () => assert.fail('must not run inline'), size, resident })
        try {
          await fn(pool)
        } finally {
          await pool.close()
        }
      })
    }

    it('sends a part to a worker once; later tasks leave it out', async () => {
      await withResidentPool(async (pool) => {
        assert.deepEqual(await pool.run({ key: 'a', part: 3, n: 1 }).then((o) => [o.value, o.carried]), [3, true])
        assert.deepEqual(await pool.run({ key: 'a', part: 3, n: 2 }).then((o) => [o.value, o.carried]), [6, false])
        const many = await Promise.all(Array.from({ length: 10 }, (_, i) => pool.run({ key: 'a', part: 3, n: i })))
        assert.deepEqual(many.map((o) => o.value), Array.from({ length: 10 }, (_, i) => 3 * i))
        assert.ok(many.every((o) => !o.carried))
        assert.deepEqual(pool.residentStats, { sent: 1, skipped: 11, resent: 0 })
      })
    })

    it('sends the part again when the worker has evicted it', async () => {
      await withResidentPool(async (pool) => {
        for (const [key, part] of [['a', 2], ['b', 3], ['c', 5]] as const) {
          assert.equal((await pool.run({ key, part, n: 1 })).carried, true)
        }
        // The pool still counts 'a' as resident; the worker kept only 'b' and 'c'.
        const again = await pool.run({ key: 'a', part: 2, n: 7 })
        assert.deepEqual([again.value, again.carried], [14, true])
        assert.equal((await pool.run({ key: 'a', part: 2, n: 1 })).carried, false)
        // Both tasks for 'b' were sent stripped before the worker answered the first: both come back whole.
        const both = await Promise.all([pool.run({ key: 'b', part: 3, n: 1 }), pool.run({ key: 'b', part: 3, n: 2 })])
        assert.deepEqual(both.map((o) => o.value), [3, 6])
        assert.deepEqual(pool.residentStats, { sent: 3, skipped: 4, resent: 3 })
      })
    })

    it('sends every part again to a worker that replaced one that died', async () => {
      await withResidentPool(async (pool) => {
        const first = await pool.run({ key: 'a', part: 2, n: 1 })
        assert.equal(first.carried, true)
        await assert.rejects(pool.run({ n: 0, exit: true }), /exited with code 3/)
        const after = await pool.run({ key: 'a', part: 2, n: 4 })
        assert.deepEqual([after.value, after.carried], [8, true])
        assert.notEqual(after.threadId, first.threadId)
        assert.equal((await pool.run({ key: 'a', part: 2, n: 1 })).carried, false)
      })
    })

    it('tracks parts per worker', async () => {
      await withResidentPool(async (pool) => {
        const out = await Promise.all(Array.from({ length: 40 }, (_, i) => pool.run({ key: 'a', part: 1, n: i })))
        const threads = new Set(out.map((o) => o.threadId))
        const carried = out.filter((o) => o.carried)
        assert.deepEqual(out.map((o) => o.value), Array.from({ length: 40 }, (_, i) => i))
        assert.equal(new Set(carried.map((o) => o.threadId)).size, carried.length, 'each worker got the part once')
        assert.equal(carried.length, threads.size)
      }, 2)
    })

    it('runs whole tasks inline', async () => {
      const seen: Task[] = []
      const pool = new WorkerPool<Task, number>({
        script: new URL('./no-such-worker.js', import.meta.url),
        run: (t) => (seen.push(t), (t.part ?? 0) * t.n),
        resident,
      })
      assert.deepEqual(await Promise.all([pool.run({ key: 'a', part: 2, n: 1 }), pool.run({ key: 'a', part: 2, n: 3 })]), [2, 6])
      assert.ok(seen.every((t) => t.part === 2))
      await pool.close()
    })
  })
})
