import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, it } from 'node:test'
import { WorkerPool } from './worker-pool.js'

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
})
