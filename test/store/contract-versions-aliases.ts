/** Contract: KeyVersionRepo and AliasRepo (src/store/repos/keys.ts, aliases.ts). */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { UniqueViolation } from '../../src/store/store.js'
import { ALL, FAR_FUTURE, freshStore, sampleKey, sampleVersion, type MakeStore } from './contract-fixtures.js'

export function versionsAndAliasesContract(makeStore: MakeStore): void {
  describe('key versions', () => {
    const store = freshStore(makeStore)

    it('stores bytes exactly and finds a version by key and id, or by id alone', async () => {
      const s = store()
      await s.keys.insert(sampleKey())
      await s.keys.insert(sampleKey({ keyId: 'key-other' }))
      const material = randomBytes(4096)
      const publicKey = Buffer.concat([Buffer.alloc(3), randomBytes(91)])
      const v = sampleVersion({ keyVersionId: 'v-a', wrappedMaterial: material, publicKey, createdAt: FAR_FUTURE })
      await s.keyVersions.insert(v)
      const got = await s.keyVersions.get(v.keyId, 'v-a')
      assert.deepEqual(got, v)
      assert.ok(Buffer.isBuffer(got?.wrappedMaterial) && Buffer.isBuffer(got?.publicKey))
      assert.deepEqual(await s.keyVersions.getById('v-a'), v)
      assert.equal(await s.keyVersions.get('key-other', 'v-a'), undefined, 'a version is found only under its own key')
      assert.equal(await s.keyVersions.get(v.keyId, 'v-missing'), undefined)
      assert.equal(await s.keyVersions.getById('v-missing'), undefined)
      const external = sampleVersion({ keyVersionId: 'v-ext', wrappedMaterial: null, publicKey: null })
      await s.keyVersions.insert(external)
      assert.deepEqual(await s.keyVersions.getById('v-ext'), external)
    })

    it('rejects a duplicate version id, even under another key', async () => {
      const s = store()
      await s.keys.insert(sampleKey())
      await s.keys.insert(sampleKey({ keyId: 'key-other' }))
      await s.keyVersions.insert(sampleVersion())
      await assert.rejects(s.keyVersions.insert(sampleVersion()), UniqueViolation)
      await assert.rejects(s.keyVersions.insert(sampleVersion({ keyId: 'key-other' })), UniqueViolation)
    })

    it('lists oldest first with paging and totals, per key', async () => {
      const s = store()
      await s.keys.insert(sampleKey())
      await s.keys.insert(sampleKey({ keyId: 'key-other' }))
      for (let i = 0; i < 7; i++) {
        await s.keyVersions.insert(sampleVersion({ keyVersionId: `v-${6 - i}`, createdAt: 100 + Math.floor(i / 2) }))
      }
      await s.keyVersions.insert(sampleVersion({ keyId: 'key-other', keyVersionId: 'v-x', createdAt: 1 }))
      const all = await s.keyVersions.list(sampleKey().keyId, ALL)
      assert.equal(all.total, 7)
      assert.deepEqual(
        all.items.map((v) => v.keyVersionId),
        ['v-5', 'v-6', 'v-3', 'v-4', 'v-1', 'v-2', 'v-0'],
      )
      const second = await s.keyVersions.list(sampleKey().keyId, { offset: 3, limit: 3 })
      assert.deepEqual({ ids: second.items.map((v) => v.keyVersionId), total: second.total }, { ids: ['v-4', 'v-1', 'v-2'], total: 7 })
      assert.deepEqual(await s.keyVersions.list('key-none', ALL), { items: [], total: 0 })
    })

    it('replaces and clears wrapped material', async () => {
      const s = store()
      await s.keys.insert(sampleKey())
      await s.keyVersions.insert(sampleVersion({ wrappedMaterial: null }))
      const imported = randomBytes(60)
      await s.keyVersions.setMaterial(sampleKey().keyId, 'ver-1', imported)
      assert.deepEqual((await s.keyVersions.getById('ver-1'))?.wrappedMaterial, imported)
      await s.keyVersions.setMaterial('key-other', 'ver-1', Buffer.from('wrong key'))
      assert.deepEqual((await s.keyVersions.getById('ver-1'))?.wrappedMaterial, imported, 'setMaterial matches key and version')
      await s.keyVersions.setMaterial(sampleKey().keyId, 'ver-1', null)
      assert.equal((await s.keyVersions.getById('ver-1'))?.wrappedMaterial, null)
    })
  })

  describe('aliases', () => {
    const store = freshStore(makeStore)
    const alias = (aliasName: string, keyId = sampleKey().keyId) => ({ aliasName, keyId, createdAt: 10, updatedAt: 20 })

    it('inserts, gets, re-points and deletes', async () => {
      const s = store()
      await s.keys.insert(sampleKey())
      await s.keys.insert(sampleKey({ keyId: 'key-2' }))
      await s.aliases.insert(alias('alias/a'))
      assert.deepEqual(await s.aliases.get('alias/a'), alias('alias/a'))
      assert.equal(await s.aliases.get('alias/A'), undefined, 'names are case-sensitive')
      assert.equal(await s.aliases.get('alias/missing'), undefined)
      assert.equal(await s.aliases.update('alias/a', 'key-2', FAR_FUTURE), true)
      assert.deepEqual(await s.aliases.get('alias/a'), { ...alias('alias/a', 'key-2'), updatedAt: FAR_FUTURE })
      assert.equal(await s.aliases.update('alias/missing', 'key-2', 1), false)
      assert.equal(await s.aliases.get('alias/missing'), undefined)
      assert.equal(await s.aliases.delete('alias/a'), true)
      assert.equal(await s.aliases.delete('alias/a'), false)
      assert.equal(await s.aliases.get('alias/a'), undefined)
    })

    it('rejects a duplicate alias name with UniqueViolation', async () => {
      const s = store()
      await s.keys.insert(sampleKey())
      await s.keys.insert(sampleKey({ keyId: 'key-2' }))
      await s.aliases.insert(alias('alias/a'))
      await assert.rejects(s.aliases.insert(alias('alias/a', 'key-2')), UniqueViolation)
      assert.equal((await s.aliases.get('alias/a'))?.keyId, sampleKey().keyId)
    })

    it('lists by name (byte order) with paging, optionally for one key, and counts per key', async () => {
      const s = store()
      await s.keys.insert(sampleKey())
      await s.keys.insert(sampleKey({ keyId: 'key-2' }))
      const names = ['alias/b', 'alias/B', 'alias/a-1', 'alias/a', 'alias/_x', 'alias/z']
      for (const [i, n] of names.entries()) await s.aliases.insert(alias(n, i % 2 ? 'key-2' : sampleKey().keyId))
      const all = await s.aliases.list(ALL)
      assert.deepEqual(all.items.map((a) => a.aliasName), ['alias/B', 'alias/_x', 'alias/a', 'alias/a-1', 'alias/b', 'alias/z'])
      assert.equal(all.total, 6)
      const page = await s.aliases.list({ offset: 2, limit: 2 })
      assert.deepEqual({ names: page.items.map((a) => a.aliasName), total: page.total }, { names: ['alias/a', 'alias/a-1'], total: 6 })
      const forKey2 = await s.aliases.list(ALL, 'key-2')
      assert.deepEqual(forKey2.items.map((a) => a.aliasName), ['alias/B', 'alias/a', 'alias/z'])
      assert.equal(forKey2.total, 3)
      const forKey2Page = await s.aliases.list({ offset: 1, limit: 1 }, 'key-2')
      assert.deepEqual({ names: forKey2Page.items.map((a) => a.aliasName), total: forKey2Page.total }, { names: ['alias/a'], total: 3 })
      assert.equal(await s.aliases.countForKey('key-2'), 3)
      assert.equal(await s.aliases.countForKey('key-none'), 0)
      assert.deepEqual(await s.aliases.list(ALL, 'key-none'), { items: [], total: 0 })
    })
  })
}
