/** SQLite engine: the store contract on `:memory:` and on files, plus what only SQLite has. */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFileSync } from 'node:child_process'
import { createInterface } from 'node:readline'
import { once } from 'node:events'
import { mkdtempSync, rmSync, existsSync, statSync, openSync, writeSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import BetterSqlite3 from 'better-sqlite3'
import { backupSqlite, openSqliteStore } from '../../src/store/sqlite.js'
import { openStore } from '../../src/store/open-store.js'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/store/migrations/index.js'
import { UniqueViolation } from '../../src/store/store.js'
import { runStoreContract } from './contract.js'
import { sampleKey, sampleVersion } from './contract-fixtures.js'
import { NONCE_BATCHES, NONCES_PER_BATCH, ROUNDS, SHARED_KEY, runWorkload, type WorkloadResult } from './two-process-workload.js'

const dir = mkdtempSync(join(tmpdir(), 'openkms-store-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const newFile = () => join(dir, `db-${++files}.sqlite`)
const hasSqliteCli = (() => {
  try {
    execFileSync('sqlite3', ['-version'])
    return true
  } catch {
    return false
  }
})()
/** Reads a database with the sqlite3 command-line shell: a second SQLite implementation and build. */
const cli = (file: string, query: string) => execFileSync('sqlite3', ['-readonly', file, query], { encoding: 'utf8' }).trim()

runStoreContract('sqlite :memory:', () => openSqliteStore({ file: ':memory:' }))
runStoreContract('sqlite file', () => openSqliteStore({ file: newFile() }), {
  makeSharedPair: async () => {
    const file = newFile()
    return [await openSqliteStore({ file }), await openSqliteStore({ file })]
  },
})

describe('sqlite engine', () => {
  it('uses WAL, keeps data across reopen and applies each migration once', { skip: !hasSqliteCli && 'no sqlite3 CLI' }, async () => {
    const file = newFile()
    const first = await openSqliteStore({ file })
    await first.keys.insert(sampleKey())
    await first.keyVersions.insert(sampleVersion({ wrappedMaterial: Buffer.from('00ff10', 'hex') }))
    await first.close()
    const second = await openSqliteStore({ file })
    assert.equal((await second.keys.get(sampleKey().keyId))?.description, 'sample')
    await second.close()
    assert.equal(cli(file, 'pragma journal_mode'), 'wal')
    assert.equal(cli(file, 'pragma integrity_check'), 'ok')
    assert.equal(cli(file, 'select count(*) from schema_migrations'), String(MIGRATIONS.length))
    assert.equal(cli(file, "select hex(wrapped_material) from key_versions where key_version_id = 'ver-1'"), '00FF10')
    assert.equal(cli(file, 'select created_at, typeof(created_at) from keys'), '1700000000000|integer')
  })

  it('refuses a database written by a newer schema', async () => {
    const file = newFile()
    await (await openSqliteStore({ file })).close()
    const raw = new BetterSqlite3(file)
    raw.prepare('insert into schema_migrations (version, name, applied_at) values (?, ?, ?)').run(LATEST_SCHEMA_VERSION + 1, 'future', 0)
    raw.close()
    await assert.rejects(openSqliteStore({ file }), /newer than this build/)
  })

  it('enforces foreign keys without calling them unique violations', async () => {
    const store = await openSqliteStore({ file: ':memory:' })
    const err = await store.keyVersions.insert(sampleVersion({ keyId: 'key-missing' })).catch((e: unknown) => e)
    assert.ok(err instanceof Error && !(err instanceof UniqueViolation), String(err))
    assert.match(String((err as { code?: string }).code), /SQLITE_CONSTRAINT_FOREIGNKEY/)
    await store.close()
  })

  it('reports a healthy database as healthy and a damaged file as damaged', async () => {
    const file = newFile()
    const store = await openSqliteStore({ file })
    assert.deepEqual(await store.integrityCheck(), [])
    await store.tx(async (tx) => {
      for (let i = 0; i < 200; i++) await tx.meta.put(`fact-${i}`, randomBytes(1000).toString('hex'))
    })
    await store.close()
    const size = statSync(file).size
    const fd = openSync(file, 'r+')
    writeSync(fd, randomBytes(3 * 4096), 0, 3 * 4096, Math.floor(size / 4096 / 2) * 4096)
    closeSync(fd)
    let problems: string[]
    try {
      const damaged = await openSqliteStore({ file })
      try {
        problems = await damaged.integrityCheck()
      } finally {
        await damaged.close()
      }
    } catch (err) {
      problems = [String(err)]
    }
    assert.ok(problems.length > 0, 'damage must not pass as healthy')
  })

  it('backs up a live store to a file another SQLite can read', async () => {
    const store = await openSqliteStore({ file: newFile() })
    await store.keys.insert(sampleKey())
    await store.meta.put('instance', 'i-1')
    const dest = join(dir, 'backup.sqlite')
    const pages = await backupSqlite(store, dest)
    assert.ok(pages > 0)
    await store.meta.put('after-backup', 'x')
    await store.close()
    const restored = await openSqliteStore({ file: dest })
    assert.equal(await restored.meta.get('instance'), 'i-1')
    assert.equal(await restored.meta.get('after-backup'), undefined)
    assert.equal((await restored.keys.get(sampleKey().keyId))?.keyId, sampleKey().keyId)
    await restored.close()
    if (hasSqliteCli) assert.equal(cli(dest, 'pragma integrity_check'), 'ok')
    const memory = await openSqliteStore({ file: ':memory:' })
    await assert.rejects(backupSqlite({ ...memory }, dest), /openSqliteStore/)
    await memory.close()
  })

  it('openStore creates <dataDir>/openkms.db, and goes to PostgreSQL when given a URL', async () => {
    const dataDir = join(dir, 'data', 'nested')
    const store = await openStore({ dataDir })
    await store.meta.put('k', 'v')
    await store.close()
    assert.ok(existsSync(join(dataDir, 'openkms.db')))
    assert.equal(statSync(dataDir).mode & 0o077, 0, 'the data directory is private to its owner')
    const again = await openStore({ dataDir })
    assert.equal(await again.meta.get('k'), 'v')
    await again.close()
    await assert.rejects(openStore({ dataDir, databaseUrl: 'postgres://u@127.0.0.1:1/db' }), /ECONNREFUSED/)
  })

  it('keeps claims, compare-and-set and transactions exact across two processes on one file', { timeout: 30_000 }, async () => {
    const file = newFile()
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./two-process-child.ts', import.meta.url)), file], {
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    const lines = createInterface({ input: child.stdout })
    const output: string[] = []
    const ready = new Promise<void>((resolve) => {
      lines.on('line', (line) => (line === 'ready' ? resolve() : output.push(line)))
    })
    const exited = once(child, 'exit')
    await ready
    child.stdin.write('go\n')
    const store = await openSqliteStore({ file })
    const mine = await runWorkload(store, 'parent')
    const [code] = await exited
    assert.equal(code, 0)
    const theirs = JSON.parse(output.join('')) as WorkloadResult

    const total = NONCE_BATCHES * NONCES_PER_BATCH
    assert.equal(mine.nonceWins.length, total)
    assert.equal(theirs.nonceWins.length, total)
    mine.nonceWins.forEach((won, i) => assert.notEqual(won, theirs.nonceWins[i], `nonce ${i} must have exactly one winner`))
    assert.equal((await store.keys.get(SHARED_KEY))?.revision, 1 + 2 * ROUNDS, 'every compare-and-set counted once')
    assert.equal(await store.meta.get('counter'), String(2 * ROUNDS), 'no transaction lost an update')
    assert.deepEqual(await store.integrityCheck(), [])
    await store.close()
  })
})
