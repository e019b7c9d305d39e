/**
 * Readiness tells the truth about the store: a write lock held by another connection (a stalled store, as a
 * frozen filesystem or a long foreign transaction looks to openkms) turns `/readyz` to 503 while `/healthz` and
 * the refusals stay fast; signed requests get a retryable `ServiceUnavailableTemporary` (503), never a 500 or
 * a hang; and all of it recovers by itself once the store commits again. Disk full (a small tmpfs) and a
 * frozen filesystem (fsfreeze on a loop-mounted ext4) run where the test may mount (root), and are skipped
 * with the reason otherwise.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { call } from '../support/signed-request.js'
import { callV3, failure } from '../support/sdk.js'
import { spawnServer, type ServerProcess } from '../support/server-process.js'

const PROBE = { healthProbeSeconds: 0.2, healthProbeTimeoutSeconds: 1 }

async function status(app: TestApp, path: string): Promise<{ status: number; ms: number }> {
  const started = performance.now()
  const res = await fetch(`${app.url}${path}`)
  await res.arrayBuffer()
  return { status: res.status, ms: performance.now() - started }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not ${what} within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('honest readiness with a stalled store (write lock held elsewhere)', () => {
  let app: TestApp
  before(async () => {
    app = await startTestApp(PROBE)
  })
  after(() => app.stop())

  it('readiness fails while the store cannot commit, requests get a fast 503 the SDKs retry, and both recover', async () => {
    assert.equal((await status(app, '/readyz')).status, 200)
    const holder = new BetterSqlite3(join(app.dataDir, 'openkms.db'))
    holder.exec('begin immediate')
    try {
      await until('unready', async () => (await status(app, '/readyz')).status === 503)
      const live = await status(app, '/healthz')
      assert.equal(live.status, 200)
      assert.ok(live.ms < 1000, `healthz took ${Math.round(live.ms)} ms`)
      const started = performance.now()
      const raw = await call(app.endpoint, TEST_AK, 'DescribeRegions')
      assert.equal(raw.status, 503)
      assert.equal(raw.body.Code, 'ServiceUnavailableTemporary')
      assert.ok(performance.now() - started < 1000, 'refused at once, not after the store gave up')
      const sdk = await failure(callV3({ endpoint: app.endpoint, ...TEST_AK }, 'DescribeRegions', {}))
      assert.deepEqual([sdk.code, sdk.status], ['ServiceUnavailableTemporary', 503])
    } finally {
      holder.exec('rollback')
      holder.close()
    }
    await until('ready again', async () => (await status(app, '/readyz')).status === 200)
    assert.equal((await call(app.endpoint, TEST_AK, 'DescribeRegions')).status, 200)
  })
})

const isRoot = process.getuid?.() === 0
function canRun(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('disk full (a small tmpfs as the data directory)', { skip: isRoot ? false : 'needs root to mount a tmpfs' }, () => {
  let mountPoint: string
  let app: TestApp
  before(async () => {
    mountPoint = mkdtempSync(join(tmpdir(), 'openkms-full-'))
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mountPoint])
    app = await startTestApp({ ...PROBE, dataDir: join(mountPoint, 'data') })
  })
  after(async () => {
    await app?.stop({ keepData: true })
    execFileSync('umount', [mountPoint])
    rmSync(mountPoint, { recursive: true, force: true })
  })

  it('writes are refused with 503 (never 500), readiness fails, and both recover when space is freed', async () => {
    const filler = join(mountPoint, 'filler')
    const fd = openSync(filler, 'w')
    const block = Buffer.alloc(64 * 1024, 1)
    try {
      for (;;) writeSync(fd, block)
    } catch (e) {
      assert.equal((e as NodeJS.ErrnoException).code, 'ENOSPC')
    } finally {
      closeSync(fd)
    }
    const codes = new Set<string>()
    // Key creation writes versions, material and the change feed: enough to need pages the full disk lacks.
    for (let i = 0; i < 40 && !codes.has('ServiceUnavailableTemporary'); i++) {
      const r = await call(app.endpoint, TEST_AK, 'CreateKey', { KeySpec: 'Aliyun_AES_256', Description: 'x'.repeat(4000) })
      assert.notEqual(r.status, 500, JSON.stringify(r.body))
      codes.add(String(r.body.Code ?? 'ok'))
    }
    assert.ok(codes.has('ServiceUnavailableTemporary'), `codes seen: ${[...codes].join(', ')}`)
    await until('unready', async () => (await status(app, '/readyz')).status === 503)
    rmSync(filler)
    await until('ready again', async () => (await status(app, '/readyz')).status === 200)
    const r = await call(app.endpoint, TEST_AK, 'CreateKey', { KeySpec: 'Aliyun_AES_256' })
    assert.equal(r.status, 200, JSON.stringify(r.body))
  })
})

const canFreeze = isRoot && canRun('fsfreeze') && canRun('mkfs.ext4') && canRun('losetup')
/**
 * better-sqlite3 runs SQLite on the calling thread, and on a frozen filesystem even a read blocks (a read
 * transaction marks the WAL index, a shared mapping of the -shm file). So a SQLite node on a frozen filesystem
 * stops answering until the thaw: what must hold is that readiness never claims it is fine (a load balancer's
 * probe gets 503 or times out), and that it recovers by itself on thaw. The server runs as its own process here.
 */
describe('frozen filesystem (fsfreeze on a loop-mounted ext4)', { skip: canFreeze ? false : 'needs root, fsfreeze, mkfs.ext4 and losetup' }, () => {
  let work: string
  let mountPoint: string
  let server: ServerProcess | undefined
  let frozen = false
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'openkms-freeze-'))
    mountPoint = join(work, 'mnt')
    execFileSync('sh', ['-c', `truncate -s 64M ${work}/fs.img && mkfs.ext4 -q -F ${work}/fs.img && mkdir ${mountPoint} && mount -o loop ${work}/fs.img ${mountPoint}`])
    server = await spawnServer({
      dataDir: join(mountPoint, 'data'),
      credentials: TEST_AK,
      workers: 1,
      env: { OPENKMS_HEALTH_PROBE_INTERVAL: '0.2', OPENKMS_HEALTH_PROBE_TIMEOUT: '1' },
    })
  })
  after(async () => {
    if (frozen) execFileSync('fsfreeze', ['--unfreeze', mountPoint])
    await server?.stop()
    execFileSync('umount', [mountPoint])
    rmSync(work, { recursive: true, force: true })
  })

  /** What a load balancer sees: the status, or 0 when no answer came within 2 s. */
  const probe = async (path: string) => {
    try {
      const res = await fetch(`http://${server!.host}${path}`, { signal: AbortSignal.timeout(2000) })
      await res.arrayBuffer()
      return res.status
    } catch {
      return 0
    }
  }

  it('readiness never reports ok while frozen, and the node recovers by itself on thaw', async () => {
    assert.equal((await call(server!.host, TEST_AK, 'DescribeRegions')).status, 200)
    execFileSync('fsfreeze', ['--freeze', mountPoint])
    frozen = true
    // Past the probe's interval and deadline: from here on readiness must not say ok.
    await new Promise((r) => setTimeout(r, 1500))
    const seen: number[] = []
    for (let i = 0; i < 3; i++) seen.push(await probe('/readyz'))
    assert.ok(seen.every((s) => s !== 200), `readyz while frozen: ${seen.join(', ')}`)
    execFileSync('fsfreeze', ['--unfreeze', mountPoint])
    frozen = false
    await until('ready again', async () => (await probe('/readyz')) === 200, 20_000)
    assert.equal((await call(server!.host, TEST_AK, 'DescribeRegions')).status, 200)
  })
})
