/**
 * Rotation and destruction happen exactly once per due event, whatever runs the jobs at the same time: two
 * schedulers in one process, two concurrent attempts on the same scanned key, and two processes on one
 * SQLite file (the way several openkms servers share a database).
 */
import { describe, it, beforeEach, afterEach } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { initRuntime } from '../../src/runtime/app.js'
import { configFromEnv } from '../../src/config.js'
import { ManualClock } from '../../src/domain/clock.js'
import { DAY } from '../../src/domain/time.js'
import type { Runtime } from '../../src/services/context.js'
import { createKey } from '../../src/services/keys/keys.js'
import { JOBS, createScheduler, type Scheduler } from '../../src/jobs/index.js'
import { rotateDueKey } from '../../src/jobs/rotate-keys.js'
import type { DueOutcome } from '../../src/jobs/due-loop.js'

const T0 = Date.UTC(2026, 0, 1)

function schedulerOf(rt: Runtime): Scheduler {
  const s = createScheduler(rt, { periodMs: 0 })
  for (const job of JOBS) s.register(job)
  return s
}

const outcome = (results: Record<string, unknown>, job: string) => results[job] as DueOutcome

describe('background jobs act exactly once', () => {
  let dataDir: string
  let rt: Runtime
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'openkms-jobs-'))
    const config = configFromEnv({}, { dataDir, port: 0, instancePort: 0 })
    rt = (await initRuntime(config, { log: pino({ level: 'silent' }), keyPoolSize: 0, clock: new ManualClock(T0) })).runtime
  })
  afterEach(async () => {
    rt.keyPool.close()
    await rt.store.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const rotatingKeys = (n: number) =>
    Promise.all(
      Array.from({ length: n }, () =>
        createKey(rt, {
          keySpec: 'Aliyun_AES_256',
          keyUsage: 'ENCRYPT/DECRYPT',
          origin: 'Aliyun_KMS',
          description: '',
          rotationInterval: 7 * 86400,
          dkmsInstanceId: null,
          policy: null,
          tags: [],
        }),
      ),
    )
  const versionCount = async (keyId: string) => (await rt.store.keyVersions.list(keyId, { offset: 0, limit: 1000 })).total

  it('two concurrent attempts on the same scanned key: one rotates, the other writes nothing', async () => {
    const [key] = await rotatingKeys(1)
    assert.ok(key)
    const results = await Promise.all([rotateDueKey(rt, key, T0 + 7 * DAY), rotateDueKey(rt, key, T0 + 7 * DAY)])
    assert.deepEqual(results.sort(), [false, true])
    assert.equal(await versionCount(key.keyId), 2)
    assert.deepEqual(await rt.store.integrityCheck(), [])
  })

  it('two schedulers in one process rotate each due key once', async () => {
    const keys = await rotatingKeys(12)
    const [a, b] = [schedulerOf(rt), schedulerOf(rt)]
    for (const due of [T0 + 7 * DAY, T0 + 14 * DAY]) {
      const [ra, rb] = await Promise.all([a.runDue(due), b.runDue(due)])
      const [oa, ob] = [outcome(ra, 'rotate-keys'), outcome(rb, 'rotate-keys')]
      assert.equal(oa.failed + ob.failed, 0)
      assert.equal(oa.done + ob.done, keys.length)
    }
    for (const key of keys) {
      assert.equal(await versionCount(key.keyId), 3, key.keyId)
      assert.equal((await rt.store.keys.get(key.keyId))?.nextRotationDate, T0 + 21 * DAY)
    }
    await Promise.all([a.stop(), b.stop()])
  })

  it('two processes on one SQLite file rotate and destroy each due key once', { timeout: 60_000 }, async () => {
    const start = T0 + 100 * DAY
    const keys = await rotatingKeys(20)
    for (const k of keys) await rt.store.keys.update(k.keyId, { nextRotationDate: start })
    const doomed = keys.slice(0, 5)
    for (const k of doomed) await rt.store.keys.update(k.keyId, { state: 'PendingDeletion', deleteDate: start + 2 * DAY })
    const times = [start, start + DAY, start + 2 * DAY, start + 7 * DAY]
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./run-jobs-child.ts', import.meta.url)), dataDir, JSON.stringify(times)],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    )
    const output: string[] = []
    const ready = new Promise<void>((resolve) => {
      createInterface({ input: child.stdout }).on('line', (line) => (line === 'ready' ? resolve() : output.push(line)))
    })
    const exited = once(child, 'exit')
    await ready
    child.stdin.write('go\n')
    const parent = schedulerOf(rt)
    const mine: Array<Record<string, unknown>> = []
    for (const t of times) mine.push(await parent.runDue(t))
    const [code] = await exited
    assert.equal(code, 0)
    const theirs = JSON.parse(output.join('')) as Array<Record<string, unknown>>
    const total = (job: string, i: number) => outcome(mine[i] ?? {}, job).done + outcome(theirs[i] ?? {}, job).done
    const failed = [...mine, ...theirs].reduce((n, r) => n + outcome(r, 'rotate-keys').failed + outcome(r, 'destroy-keys').failed, 0)
    assert.equal(failed, 0)
    assert.equal(total('rotate-keys', 0), 15, 'the 15 Enabled keys rotate once at their due time')
    assert.equal(total('destroy-keys', 2), 5)
    assert.equal(total('rotate-keys', 1) + total('rotate-keys', 2), 0)
    assert.equal(total('rotate-keys', 3), 15, 'and again a week later')
    for (const k of keys) {
      const stored = await rt.store.keys.get(k.keyId)
      if (doomed.includes(k)) {
        assert.equal(stored, undefined)
        assert.equal(await versionCount(k.keyId), 0)
      } else {
        assert.equal(await versionCount(k.keyId), 3, k.keyId)
        assert.equal(stored?.nextRotationDate, start + 14 * DAY)
      }
    }
    assert.deepEqual(await rt.store.integrityCheck(), [])
    await parent.stop()
  })
})
