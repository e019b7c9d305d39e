/**
 * Start-up and file-system defects: a missing root key over an existing database is refused without writing a
 * new key; the database and its companion files are owner-only; a data directory openkms cannot write gives an
 * error naming the path; on V3 requests the signed x-acs-action/x-acs-version headers decide, and a query
 * parameter that contradicts them is refused.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import pino from 'pino'
import { startTestApp, TEST_AK } from '../support/test-app.js'
import { send, signRequest } from '../support/signed-request.js'
import { startApp } from '../../src/runtime/app.js'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../..', import.meta.url))

describe('start-up defects', () => {
  it('a missing root.key over an existing database is refused, and no new key is written', async () => {
    const app = await startTestApp()
    await app.stop({ keepData: true })
    const keyFile = join(app.dataDir, 'root.key')
    unlinkSync(keyFile)
    try {
      await assert.rejects(startApp(app.config, { log: pino({ level: 'silent' }) }), (e: Error) => {
        assert.match(e.message, /root key file .*root\.key is missing, but the database already holds data/)
        return true
      })
      assert.equal(existsSync(keyFile), false, 'no new random root key was written')
    } finally {
      rmSync(app.dataDir, { recursive: true, force: true })
    }
  })

  it('the database, its WAL/shared-memory files and the nonce files are created owner-only (0600)', async () => {
    const app = await startTestApp()
    try {
      const files = readdirSync(app.dataDir).filter((f) => f.startsWith('openkms.db'))
      for (const f of ['openkms.db', 'openkms.db-wal', 'openkms.db-nonces', 'openkms.db-nonces-wal']) assert.ok(files.includes(f), `${f} in ${files.join(', ')}`)
      for (const f of files) assert.equal((statSync(join(app.dataDir, f)).mode & 0o777).toString(8), '600', f)
    } finally {
      await app.stop()
    }
  })

  it('an existing database created with 0644 is tightened to 0600 at start', async () => {
    const app = await startTestApp()
    await app.stop({ keepData: true })
    try {
      chmodSync(join(app.dataDir, 'openkms.db'), 0o644)
      const again = await startTestApp({ dataDir: app.dataDir })
      await again.stop({ keepData: true })
      assert.equal((statSync(join(app.dataDir, 'openkms.db')).mode & 0o777).toString(8), '600')
    } finally {
      rmSync(app.dataDir, { recursive: true, force: true })
    }
  })

  it('a data directory that cannot be written gives an error naming the path', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'openkms-ro-'))
    const dataDir = join(parent, 'data')
    mkdirSync(dataDir, { mode: 0o755 })
    chmodSync(dataDir, 0o555)
    chmodSync(parent, 0o755)
    try {
      const script = `import('./src/store/open-store.ts').then((m) => m.openStore({ dataDir: ${JSON.stringify(dataDir)} }))
        .then(() => { console.log('opened'); process.exit(0) }, (e) => { console.log(e.message); process.exit(0) })`
      // root writes anywhere: the check then runs as an unprivileged user, as openkms should run.
      const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}
      const { stdout } = await run(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, ...asUser, env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json') } })
      assert.match(stdout, new RegExp(`${join(dataDir, 'openkms.db').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: cannot open the database`))
      assert.match(stdout, /must be writable by this user/)
    } finally {
      chmodSync(dataDir, 0o755)
      rmSync(parent, { recursive: true, force: true })
    }
  })
})

describe('V3: the signed headers name the action and version', () => {
  it('x-acs-action decides; a query Action that contradicts it is refused', async () => {
    const app = await startTestApp()
    try {
      const host = app.endpoint
      // Signed V3 request for DescribeRegions whose (also signed) query says CreateKey.
      const contradicting = signRequest(TEST_AK, 'DescribeRegions', { Action: 'CreateKey' }, { style: 'v3', host })
      const r = await send(host, contradicting)
      const body = JSON.parse(r.body.toString()) as { Code: string; Message: string }
      assert.deepEqual([r.status, body.Code], [400, 'InvalidParameter'])
      assert.match(body.Message, /differs from the signed x-acs-action header/)
      const version = await send(host, signRequest(TEST_AK, 'DescribeRegions', { Version: '2014-01-01' }, { style: 'v3', host }))
      assert.equal(JSON.parse(version.body.toString()).Code, 'InvalidParameter')
      // Agreeing values are fine, and without a query Action the header alone decides.
      const agreeing = await send(host, signRequest(TEST_AK, 'DescribeRegions', { Action: 'DescribeRegions' }, { style: 'v3', host }))
      assert.equal(agreeing.status, 200)
      const plain = await send(host, signRequest(TEST_AK, 'DescribeRegions', {}, { style: 'v3', host }))
      assert.equal(plain.status, 200)
    } finally {
      await app.stop()
    }
  })
})
