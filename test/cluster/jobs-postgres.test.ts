/**
 * The rotation and deletion schedulers on PostgreSQL with three nodes: each node is a runtime with its own store
 * (its own connection pool, so the database sees three independent clients), and all run the same passes at once.
 * Every due rotation and every due destruction must happen exactly once across them.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import pino from 'pino'
import { initRuntime } from '../../src/runtime/app.js'
import { configFromEnv } from '../../src/config.js'
import { ManualClock } from '../../src/domain/clock.js'
import { DAY } from '../../src/domain/time.js'
import type { Runtime } from '../../src/services/context.js'
import { createKey } from '../../src/services/keys/keys.js'
import { JOBS, createScheduler } from '../../src/jobs/index.js'
import type { DueOutcome } from '../../src/jobs/due-loop.js'
import { startTestPostgres } from '../support/postgres.js'

const pg = await startTestPostgres()
const T0 = Date.UTC(2026, 0, 1)

describe('background jobs on three PostgreSQL nodes', { timeout: 300_000 }, () => {
  const nodes: Runtime[] = []
  let dataDir: string
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'openkms-pgjobs-'))
    const config = configFromEnv({}, { dataDir, port: 0, instancePort: 0, databaseUrl: await pg.createDatabase(), rootKeyBase64: randomBytes(32).toString('base64') })
    for (let i = 0; i < 3; i++) {
      nodes.push((await initRuntime(config, { log: pino({ level: 'silent' }), keyPoolSize: 0, clock: new ManualClock(T0) })).runtime)
    }
  })
  after(async () => {
    for (const rt of nodes) {
      rt.keyPool.close()
      await rt.store.close()
    }
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('rotates each due key once and destroys each due key once, whatever node runs the pass', async () => {
    const keys = []
    for (let i = 0; i < 15; i++) {
      keys.push(
        await createKey(nodes[i % 3]!, {
          keySpec: 'Aliyun_AES_256',
          keyUsage: 'ENCRYPT/DECRYPT',
          origin: 'Aliyun_KMS',
          description: '',
          rotationInterval: 7 * 86400,
          dkmsInstanceId: null,
          policy: null,
          tags: [],
        }),
      )
    }
    const doomed = keys.slice(0, 5)
    for (const k of doomed) await nodes[0]!.store.keys.update(k.keyId, { state: 'PendingDeletion', deleteDate: T0 + 2 * DAY })
    const schedulers = nodes.map((rt) => {
      const s = createScheduler(rt, { periodMs: 0 })
      for (const job of JOBS) s.register(job)
      return s
    })
    const total = (results: Array<Record<string, unknown>>, job: string) =>
      results.reduce((n, r) => n + (r[job] as DueOutcome).done, 0)
    const failed = (results: Array<Record<string, unknown>>) =>
      results.reduce((n, r) => n + (r['rotate-keys'] as DueOutcome).failed + (r['destroy-keys'] as DueOutcome).failed, 0)

    const passes = [T0 + 2 * DAY, T0 + 7 * DAY, T0 + 8 * DAY, T0 + 14 * DAY]
    const done: Array<[number, number]> = []
    for (const at of passes) {
      const results = await Promise.all(schedulers.map((s) => s.runDue(at)))
      assert.equal(failed(results), 0)
      done.push([total(results, 'rotate-keys'), total(results, 'destroy-keys')])
    }
    assert.deepEqual(done, [[0, 5], [10, 0], [0, 0], [10, 0]], '[rotated, destroyed] per pass, summed over the nodes')
    for (const k of keys) {
      const versions = (await nodes[1]!.store.keyVersions.list(k.keyId, { offset: 0, limit: 100 })).total
      if (doomed.includes(k)) {
        assert.equal(await nodes[2]!.store.keys.get(k.keyId), undefined)
        assert.equal(versions, 0)
      } else {
        assert.equal(versions, 3, `${k.keyId}: one new version per due date`)
        assert.equal((await nodes[2]!.store.keys.get(k.keyId))?.nextRotationDate, T0 + 21 * DAY)
      }
    }
    await Promise.all(schedulers.map((s) => s.stop()))
  })
})
