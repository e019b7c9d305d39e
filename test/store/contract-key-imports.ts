/** Contract: KeyImportRepo (src/store/repos/key-imports.ts). */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { UniqueViolation, type ImportTokenRecord } from '../../src/store/store.js'
import { FAR_FUTURE, freshStore, sampleKey, sampleVersion, type MakeStore } from './contract-fixtures.js'

const KEY = sampleKey().keyId

function sampleToken(overrides: Partial<ImportTokenRecord> = {}): ImportTokenRecord {
  return {
    tokenHash: 'a'.repeat(64),
    keyId: KEY,
    wrappingAlgorithm: 'RSAES_OAEP_SHA_256',
    wrappingKeySpec: 'RSA_2048',
    wrappedPrivateKey: Buffer.concat([Buffer.from([0, 255]), randomBytes(1200)]),
    createdAt: 1_700_000_000_000,
    expiresAt: FAR_FUTURE,
    ...overrides,
  }
}

export function keyImportsContract(makeStore: MakeStore): void {
  describe('key imports', () => {
    const store = freshStore(makeStore)

    it('stores a token exactly, finds it by hash only, and refuses a duplicate hash', async () => {
      const s = store()
      const token = sampleToken()
      await s.keyImports.insertToken(token)
      const got = await s.keyImports.getToken(token.tokenHash)
      assert.deepEqual(got, token)
      assert.ok(Buffer.isBuffer(got?.wrappedPrivateKey))
      assert.equal(await s.keyImports.getToken('b'.repeat(64)), undefined)
      await assert.rejects(s.keyImports.insertToken(sampleToken({ keyId: 'key-other' })), UniqueViolation)
    })

    it('binds a key once: the first binding stays, a second is a UniqueViolation', async () => {
      const s = store()
      assert.equal(await s.keyImports.getBinding(KEY), undefined)
      const binding = { keyId: KEY, wrappedFingerprint: Buffer.from([9, 0, 8]), boundAt: FAR_FUTURE }
      await s.keyImports.bind(binding)
      await assert.rejects(s.keyImports.bind({ ...binding, wrappedFingerprint: Buffer.from([1]) }), UniqueViolation)
      assert.deepEqual(await s.keyImports.getBinding(KEY), binding)
    })

    it('purges expired tokens (at or before the cut-off) and the import state of keys that are gone', async () => {
      const s = store()
      await s.keys.insert(sampleKey())
      await s.keyImports.insertToken(sampleToken({ tokenHash: 'old', expiresAt: 1000 }))
      await s.keyImports.insertToken(sampleToken({ tokenHash: 'edge', expiresAt: 2000 }))
      await s.keyImports.insertToken(sampleToken({ tokenHash: 'live', expiresAt: 2001 }))
      await s.keyImports.insertToken(sampleToken({ tokenHash: 'orphan', keyId: 'key-gone', expiresAt: FAR_FUTURE }))
      await s.keyImports.bind({ keyId: KEY, wrappedFingerprint: Buffer.from([1]), boundAt: 1 })
      await s.keyImports.bind({ keyId: 'key-gone', wrappedFingerprint: Buffer.from([2]), boundAt: 1 })
      assert.equal(await s.keyImports.purge(2000), 4)
      assert.equal(await s.keyImports.getToken('old'), undefined)
      assert.equal(await s.keyImports.getToken('edge'), undefined)
      assert.equal((await s.keyImports.getToken('live'))?.keyId, KEY)
      assert.equal(await s.keyImports.getToken('orphan'), undefined)
      assert.ok(await s.keyImports.getBinding(KEY))
      assert.equal(await s.keyImports.getBinding('key-gone'), undefined)
      assert.equal(await s.keyImports.purge(2000), 0)
    })

    it('lets a key with import state be destroyed (no foreign key blocks it), then purges that state', async () => {
      const s = store()
      await s.keys.insert(sampleKey({ origin: 'EXTERNAL', state: 'PendingImport' }))
      await s.keyVersions.insert(sampleVersion({ wrappedMaterial: null }))
      await s.keyImports.insertToken(sampleToken())
      await s.keyImports.bind({ keyId: KEY, wrappedFingerprint: Buffer.from([1]), boundAt: 1 })
      assert.equal(await s.keys.destroy(KEY), true)
      assert.equal(await s.keyImports.purge(0), 2)
    })

    it('lists keys whose material expired at or before now, earliest first, within the limit', async () => {
      const s = store()
      const expiries: Array<[string, number | null]> = [
        ['key-c', 3000],
        ['key-a', 1000],
        ['key-b', 1000],
        ['key-never', null],
        ['key-later', FAR_FUTURE],
      ]
      for (const [keyId, materialExpireTime] of expiries) await s.keys.insert(sampleKey({ keyId, materialExpireTime }))
      assert.deepEqual(await s.keyImports.dueForMaterialExpiry(3000, 10), ['key-a', 'key-b', 'key-c'])
      assert.deepEqual(await s.keyImports.dueForMaterialExpiry(2999, 10), ['key-a', 'key-b'])
      assert.deepEqual(await s.keyImports.dueForMaterialExpiry(3000, 1), ['key-a'])
      assert.deepEqual(await s.keyImports.dueForMaterialExpiry(999, 10), [])
    })

    it('rolls token and binding writes back with their transaction', async () => {
      const s = store()
      await assert.rejects(
        s.tx(async (tx) => {
          await tx.keyImports.insertToken(sampleToken())
          await tx.keyImports.bind({ keyId: KEY, wrappedFingerprint: Buffer.from([1]), boundAt: 1 })
          throw new Error('abort')
        }),
        /abort/,
      )
      assert.equal(await s.keyImports.getToken(sampleToken().tokenHash), undefined)
      assert.equal(await s.keyImports.getBinding(KEY), undefined)
    })
  })
}
