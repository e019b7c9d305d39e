/**
 * Operating an installation (docs/deployment.md): the root-key check value that keeps a node with another key
 * from starting, readiness, `openkms backup` / `openkms restore` on SQLite and `openkms root-key rotate`. The
 * commands run as real CLI processes against real data directories; the check value and the backups are read
 * back with second implementations (openssl, the sqlite3 shell).
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import BetterSqlite3 from 'better-sqlite3'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { callV3, failure, type Endpoint } from '../support/sdk.js'
import { OPENKMS_BIN } from '../support/server-process.js'
import { ROOT_KEY_CHECK_META } from '../../src/runtime/root-key-check.js'
import { rootKeyring, wrapContext } from '../../src/services/keyring.js'
import { openSqliteStore } from '../../src/store/sqlite.js'

const b64 = (s: string) => Buffer.from(s).toString('base64')
const newRootKey = () => randomBytes(32).toString('base64')
const dbOf = (dataDir: string) => join(dataDir, 'openkms.db')

/** Runs `openkms <args>` from the sources with the given environment. */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [OPENKMS_BIN, ...args], {
      env: { ...process.env, OPENKMS_FROM_SOURCE: '1', OPENKMS_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (out += c.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, out })
    })
  })
}

async function newKeyAndBlob(app: TestApp, text: string): Promise<{ keyId: string; blob: string }> {
  const ep: Endpoint = { endpoint: app.endpoint, ...TEST_AK }
  const keyId = ((await callV3(ep, 'CreateKey', {})).body.KeyMetadata as { KeyId: string }).KeyId
  const blob = (await callV3(ep, 'Encrypt', { KeyId: keyId, Plaintext: b64(text) })).body.CiphertextBlob as string
  return { keyId, blob }
}

async function decrypts(app: TestApp, blob: string): Promise<string> {
  const r = await callV3({ endpoint: app.endpoint, ...TEST_AK }, 'Decrypt', { CiphertextBlob: blob })
  return Buffer.from(r.body.Plaintext as string, 'base64').toString()
}

describe('operations: root key, readiness, backup, restore, rotation', { timeout: 600_000 }, () => {
  it('records an HMAC check value of the root key and refuses a node whose key does not match', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openkms-ops-'))
    const [good, other] = [newRootKey(), newRootKey()]
    try {
      await (await startTestApp({ dataDir, rootKeyBase64: good }, { keyPoolSize: 0 })).stop({ keepData: true })
      const raw = new BetterSqlite3(dbOf(dataDir))
      const stored = (raw.prepare('select value from meta where key = ?').get(ROOT_KEY_CHECK_META) as { value: string }).value
      const hex = Buffer.from(good, 'base64').toString('hex')
      const viaOpenssl = execFileSync('openssl', ['dgst', '-sha256', '-mac', 'HMAC', '-macopt', `hexkey:${hex}`, '-binary'], {
        input: 'openkms root key check v1',
      }).toString('base64')
      assert.equal(stored, viaOpenssl, 'HMAC-SHA256(root key, label), as openssl computes it')
      assert.ok(!stored.includes(good))

      await assert.rejects(startTestApp({ dataDir, rootKeyBase64: other }, { keyPoolSize: 0 }), /root key does not match the database/)
      raw.prepare('delete from meta where key = ?').run(ROOT_KEY_CHECK_META)
      raw.close()
      await assert.rejects(
        startTestApp({ dataDir, rootKeyBase64: other }, { keyPoolSize: 0 }),
        /does not match/,
        'without a check value, a key that cannot unwrap the stored data is refused too',
      )
      await (await startTestApp({ dataDir, rootKeyBase64: good }, { keyPoolSize: 0 })).stop({ keepData: true })
      const again = new BetterSqlite3(dbOf(dataDir), { readonly: true })
      assert.equal((again.prepare('select value from meta where key = ?').get(ROOT_KEY_CHECK_META) as { value: string }).value, stored)
      again.close()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('is ready only while the database answers with its root key', async () => {
    const app = await startTestApp({}, { keyPoolSize: 0 })
    const status = async (path: string) => (await fetch(`${app.url}${path}`)).status
    try {
      assert.equal(await status('/readyz'), 200)
      const check = await app.runtime.store.meta.get(ROOT_KEY_CHECK_META)
      await app.runtime.store.meta.put(ROOT_KEY_CHECK_META, 'rotated-by-someone-else')
      assert.equal(await status('/readyz'), 503, 'a node left on an old root key takes itself out of the load balancer')
      assert.equal(await status('/healthz'), 200, 'but is alive')
      await app.runtime.store.meta.put(ROOT_KEY_CHECK_META, check!)
      assert.equal(await status('/readyz'), 200)
    } finally {
      await app.stop()
    }
  })

  it('backs up a live SQLite database and restores it, refusing unsafe or unusable restores', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openkms-ops-'))
    const rootKey = newRootKey()
    const env = { OPENKMS_DATA_DIR: dataDir, OPENKMS_ROOT_KEY: rootKey }
    const backup = join(dataDir, 'backup.db')
    let app = await startTestApp({ dataDir, rootKeyBase64: rootKey }, { keyPoolSize: 0 })
    try {
      const first = await newKeyAndBlob(app, 'kept')
      const taken = await cli(['backup', backup], env)
      assert.equal(taken.code, 0, taken.out)
      assert.equal(statSync(backup).mode & 0o777, 0o600)
      assert.equal(execFileSync('sqlite3', ['-readonly', backup, 'pragma integrity_check']).toString().trim(), 'ok')
      assert.equal((await cli(['backup', backup], env)).code, 1, 'an existing file is not overwritten')
      const later = await newKeyAndBlob(app, 'lost')

      const busy = await cli(['restore', backup], env)
      assert.notEqual(busy.code, 0)
      assert.match(busy.out, /open in another process/)
      await app.stop({ keepData: true })

      const wrongKey = await cli(['restore', backup], { ...env, OPENKMS_ROOT_KEY: newRootKey() })
      assert.match(wrongKey.out, /another root key/)
      const damaged = join(dataDir, 'damaged.db')
      writeFileSync(damaged, readFileSync(backup))
      const fd = openSync(damaged, 'r+')
      writeSync(fd, randomBytes(8192), 0, 8192, 4096)
      closeSync(fd)
      const refused = await cli(['restore', damaged], env)
      assert.match(refused.out, /not a usable backup/)

      const restored = await cli(['restore', backup], env)
      assert.equal(restored.code, 0, restored.out)
      const kept = readdirSync(dataDir).find((f) => f.startsWith('openkms.db.before-restore-'))
      assert.ok(kept, 'the replaced database is kept')
      const previous = new BetterSqlite3(join(dataDir, kept), { readonly: true })
      assert.equal((previous.prepare('select count(*) as n from keys where key_id = ?').get(later.keyId) as { n: number }).n, 1)
      previous.close()

      app = await startTestApp({ dataDir, rootKeyBase64: rootKey }, { keyPoolSize: 0 })
      assert.equal(await decrypts(app, first.blob), 'kept')
      const gone = await failure(callV3({ endpoint: app.endpoint, ...TEST_AK }, 'DescribeKey', { KeyId: later.keyId }))
      assert.equal(gone.code, 'Forbidden.KeyNotFound')
    } finally {
      await app.stop()
    }
  })

  it('rotates the root key: everything re-wrapped in one go, the old key refused, unknown wrapped data refused', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openkms-ops-'))
    const keyFile = join(dataDir, 'root.key')
    let app = await startTestApp({ dataDir }, { keyPoolSize: 0 })
    try {
      const before = await newKeyAndBlob(app, 'survives rotation')
      const oldKey = readFileSync(keyFile, 'utf8').trim()
      const env = { OPENKMS_DATA_DIR: dataDir }
      const busy = await cli(['root-key', 'rotate'], env)
      assert.match(busy.out, /open in another process/)
      await app.stop({ keepData: true })

      const raw = new BetterSqlite3(dbOf(dataDir))
      raw.exec('create table extra (id text, wrapped_thing blob)')
      raw.close()
      const unknown = await cli(['root-key', 'rotate'], env)
      assert.notEqual(unknown.code, 0)
      assert.match(unknown.out, /does not know how to re-wrap extra\.wrapped_thing/)
      assert.equal(readFileSync(keyFile, 'utf8').trim(), oldKey, 'nothing changed')
      rmSync(`${keyFile}.new`, { force: true })
      const cleanup = new BetterSqlite3(dbOf(dataDir))
      cleanup.exec('drop table extra')
      cleanup.close()

      const rotated = await cli(['root-key', 'rotate'], env)
      assert.equal(rotated.code, 0, rotated.out)
      assert.match(rotated.out, /access_keys\.wrapped_secret: 1\b.*key_versions\.wrapped_material: 1\b.*meta: 3/)
      const newKey = readFileSync(keyFile, 'utf8').trim()
      assert.notEqual(newKey, oldKey)
      assert.equal(readFileSync(`${keyFile}.old`, 'utf8').trim(), oldKey)
      assert.equal(statSync(keyFile).mode & 0o777, 0o600)

      const store = await openSqliteStore({ file: dbOf(dataDir) })
      const ak = (await store.accessKeys.get(TEST_AK.accessKeyId))!
      const context = wrapContext.accessKey(ak.accessKeyId)
      assert.equal(rootKeyring(Buffer.from(newKey, 'base64')).unwrap(ak.wrappedSecret, context).toString(), TEST_AK.accessKeySecret)
      assert.throws(() => rootKeyring(Buffer.from(oldKey, 'base64')).unwrap(ak.wrappedSecret, context))
      await store.close()

      chmodSync(`${keyFile}.old`, 0o600)
      await assert.rejects(startTestApp({ dataDir, rootKeyFile: `${keyFile}.old` }, { keyPoolSize: 0 }), /does not match/)
      app = await startTestApp({ dataDir }, { keyPoolSize: 0 })
      assert.equal(await decrypts(app, before.blob), 'survives rotation')
      assert.ok(existsSync(keyFile))
    } finally {
      await app.stop()
    }
  })
})
