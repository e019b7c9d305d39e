/** Contract: KeyRepo (src/store/repos/keys.ts). */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { UniqueViolation, type KeyFilter, type KeyRecord } from '../../src/store/store.js'
import { ALL, FAR_FUTURE, freshStore, sampleKey, sampleVersion, type MakeStore } from './contract-fixtures.js'

const ids = (keys: KeyRecord[]) => keys.map((k) => k.keyId)

export function keysContract(makeStore: MakeStore): void {
  describe('keys', () => {
    const store = freshStore(makeStore)

    it('round-trips every field and returns undefined for a missing key', async () => {
      const key = sampleKey({
        keyId: 'key-full',
        keySpec: 'RSA_2048',
        keyUsage: 'SIGN/VERIFY',
        origin: 'EXTERNAL',
        protectionLevel: 'HSM',
        state: 'PendingDeletion',
        deleteDate: FAR_FUTURE,
        primaryVersionId: 'v-9',
        automaticRotation: 'Suspended',
        rotationInterval: 63_072_000,
        lastRotationDate: FAR_FUTURE - 1,
        nextRotationDate: FAR_FUTURE + 1,
        materialExpireTime: FAR_FUTURE + 2,
        dkmsInstanceId: 'kst-hzz0000',
        deletionProtection: true,
        deletionProtectionDescription: 'keep — 保护',
        policy: '{"Version":"1","Statement":[]}',
        revision: 7,
        updatedAt: FAR_FUTURE + 3,
      })
      await store().keys.insert(key)
      assert.deepEqual(await store().keys.get('key-full'), key)
      assert.equal(await store().keys.get('key-missing'), undefined)
      assert.equal(await store().keys.get(''), undefined)
    })

    it('rejects a duplicate key id with UniqueViolation', async () => {
      await store().keys.insert(sampleKey())
      await assert.rejects(store().keys.insert(sampleKey({ description: 'other' })), UniqueViolation)
      assert.equal((await store().keys.get(sampleKey().keyId))?.description, 'sample')
      assert.equal(await store().keys.count(), 1)
    })

    it('pages in creation order, then id, with the full total on every page', async () => {
      const created: KeyRecord[] = []
      for (let i = 0; i < 25; i++) {
        // Three keys share each creation time and are inserted out of id order to pin the tie-break.
        const key = sampleKey({ keyId: `k-${String(24 - i).padStart(2, '0')}`, createdAt: 1000 + Math.floor(i / 3) })
        created.push(key)
        await store().keys.insert(key)
      }
      const expected = [...created].sort((a, b) => a.createdAt - b.createdAt || (a.keyId < b.keyId ? -1 : 1))
      const pages = []
      for (let offset = 0; offset < 30; offset += 10) pages.push(await store().keys.list({}, { offset, limit: 10 }))
      assert.deepEqual(pages.map((p) => p.total), [25, 25, 25])
      assert.deepEqual(pages.map((p) => p.items.length), [10, 10, 5])
      assert.deepEqual(pages.flatMap((p) => ids(p.items)), ids(expected))
      assert.deepEqual(await store().keys.list({}, { offset: 100, limit: 10 }), { items: [], total: 25 })
      assert.equal(await store().keys.count(), 25)
    })

    it('implements every ListKeys filter: AND across fields, OR within one', async () => {
      const s = store()
      await s.keys.insert(sampleKey({ keyId: 'a', createdAt: 1, creator: 'u1', dkmsInstanceId: 'kst-1' }))
      await s.keys.insert(sampleKey({ keyId: 'b', createdAt: 2, state: 'Disabled', creator: 'u2' }))
      await s.keys.insert(
        sampleKey({ keyId: 'c', createdAt: 3, keySpec: 'EC_P256', keyUsage: 'SIGN/VERIFY', protectionLevel: 'HSM', dkmsInstanceId: 'kst-2' }),
      )
      await s.keys.insert(sampleKey({ keyId: 'd', createdAt: 4, state: 'PendingDeletion', keySpec: 'Aliyun_SM4', creator: 'u1' }))
      await s.aliases.insert({ aliasName: 'alias/a1', keyId: 'a', createdAt: 1, updatedAt: 1 })
      await s.aliases.insert({ aliasName: 'alias/c1', keyId: 'c', createdAt: 1, updatedAt: 1 })
      await s.tags.put('key', 'a', [{ tagKey: 'env', tagValue: 'prod' }])
      await s.tags.put('key', 'b', [{ tagKey: 'env', tagValue: 'dev' }, { tagKey: 'team', tagValue: 'pay' }])
      await s.tags.put('key', 'c', [{ tagKey: 'team', tagValue: 'prod' }])
      await s.tags.put('secret', 'd', [{ tagKey: 'env', tagValue: 'prod' }])
      const cases: Array<[KeyFilter, string[]]> = [
        [{}, ['a', 'b', 'c', 'd']],
        [{ states: ['Enabled'] }, ['a', 'c']],
        [{ states: ['Disabled', 'PendingDeletion'] }, ['b', 'd']],
        [{ specs: ['EC_P256', 'Aliyun_SM4'] }, ['c', 'd']],
        [{ usages: ['SIGN/VERIFY'] }, ['c']],
        [{ protectionLevels: ['HSM'] }, ['c']],
        [{ creatorTypes: ['User'] }, ['a', 'b', 'c', 'd']],
        [{ creatorTypes: ['Service'] }, []],
        [{ creatorTypes: ['Service', 'User'] }, ['a', 'b', 'c', 'd']],
        [{ dkmsInstanceIds: ['kst-1', 'kst-2'] }, ['a', 'c']],
        [{ keyIds: ['b', 'd', 'zz'] }, ['b', 'd']],
        [{ aliasNames: ['alias/a1'] }, ['a']],
        [{ aliasNames: ['alias/a1', 'alias/c1', 'alias/none'] }, ['a', 'c']],
        [{ creators: ['u1'] }, ['a', 'd']],
        [{ tagKeys: ['env'] }, ['a', 'b']],
        [{ tagKeys: ['team', 'env'] }, ['a', 'b', 'c']],
        [{ tagValues: ['prod'] }, ['a', 'c']],
        [{ tagKeys: ['env'], tagValues: ['prod'] }, ['a']],
        [{ tagKeys: ['team'], tagValues: ['dev'] }, ['b']],
        [{ states: ['Enabled'], creators: ['u1'] }, ['a']],
        [{ states: ['Enabled'], specs: ['Aliyun_SM4'] }, []],
        [{ keyIds: ['a', 'b', 'c'], aliasNames: ['alias/c1'], protectionLevels: ['HSM'] }, ['c']],
        [{ states: [] }, []],
        [{ tagKeys: [] }, []],
        [{ keyIds: ["a' OR '1'='1"] }, []],
      ]
      for (const [filter, expected] of cases) {
        const page = await s.keys.list(filter, ALL)
        assert.deepEqual(ids(page.items), expected, JSON.stringify(filter))
        assert.equal(page.total, expected.length, JSON.stringify(filter))
      }
      const paged = await s.keys.list({ tagKeys: ['env', 'team'] }, { offset: 1, limit: 1 })
      assert.deepEqual({ ids: ids(paged.items), total: paged.total }, { ids: ['b'], total: 3 })
    })

    it('updates with a patch, bumps the revision and honours expectRevision', async () => {
      const s = store()
      await s.keys.insert(sampleKey({ revision: 3, deleteDate: 5 }))
      const id = sampleKey().keyId
      const updated = await s.keys.update(id, { description: 'new', deleteDate: null, deletionProtection: true })
      assert.equal(updated?.revision, 4)
      assert.equal(updated?.description, 'new')
      assert.equal(updated?.deleteDate, null)
      assert.equal(updated?.deletionProtection, true)
      assert.equal(updated?.updatedAt, sampleKey().updatedAt, 'updatedAt is left alone when the patch lacks it')
      assert.deepEqual(await s.keys.get(id), updated)

      const timed = await s.keys.update(id, { updatedAt: FAR_FUTURE }, 4)
      assert.equal(timed?.updatedAt, FAR_FUTURE)
      assert.equal(timed?.revision, 5)
      assert.equal(timed?.description, 'new', 'fields absent from the patch keep their value')

      assert.equal(await s.keys.update(id, { description: 'stale' }, 4), undefined)
      assert.equal((await s.keys.get(id))?.description, 'new')
      assert.equal((await s.keys.get(id))?.revision, 5)
      assert.equal((await s.keys.update(id, {}))?.revision, 6, 'an empty patch still bumps the revision')
      assert.equal(await s.keys.update('key-missing', { description: 'x' }), undefined)
      assert.equal(await s.keys.update('key-missing', { description: 'x' }, 1), undefined)
    })

    it('lets exactly one of two concurrent compare-and-set updates win', async () => {
      const s = store()
      await s.keys.insert(sampleKey())
      const id = sampleKey().keyId
      const results = await Promise.all([
        s.keys.update(id, { description: 'first' }, 1),
        s.keys.update(id, { description: 'second' }, 1),
      ])
      const winners = results.filter((r) => r !== undefined)
      assert.equal(winners.length, 1)
      const stored = await s.keys.get(id)
      assert.equal(stored?.revision, 2)
      assert.equal(stored?.description, winners[0]?.description)
    })

    it('destroys a key together with its versions, aliases and tags, and nothing else', async () => {
      const s = store()
      const doomed = sampleKey().keyId
      await s.keys.insert(sampleKey())
      await s.keys.insert(sampleKey({ keyId: 'key-kept' }))
      await s.keyVersions.insert(sampleVersion({ keyVersionId: 'v-doomed' }))
      await s.keyVersions.insert(sampleVersion({ keyId: 'key-kept', keyVersionId: 'v-kept' }))
      await s.aliases.insert({ aliasName: 'alias/doomed', keyId: doomed, createdAt: 1, updatedAt: 1 })
      await s.aliases.insert({ aliasName: 'alias/kept', keyId: 'key-kept', createdAt: 1, updatedAt: 1 })
      await s.tags.put('key', doomed, [{ tagKey: 't', tagValue: 'v' }])
      await s.tags.put('secret', doomed, [{ tagKey: 't', tagValue: 'v' }])
      await s.tags.put('key', 'key-kept', [{ tagKey: 't', tagValue: 'v' }])

      assert.equal(await s.keys.destroy(doomed), true)
      assert.equal(await s.keys.get(doomed), undefined)
      assert.equal(await s.keyVersions.getById('v-doomed'), undefined)
      assert.equal(await s.aliases.get('alias/doomed'), undefined)
      assert.deepEqual(await s.tags.list('key', doomed), [])
      assert.equal((await s.tags.list('secret', doomed)).length, 1, 'a secret with the same id keeps its tags')
      assert.ok(await s.keyVersions.getById('v-kept'))
      assert.ok(await s.aliases.get('alias/kept'))
      assert.equal((await s.tags.list('key', 'key-kept')).length, 1)
      assert.equal(await s.keys.destroy(doomed), false)
      assert.equal(await s.keys.count(), 1)
    })

    it('finds keys due for rotation and for deletion, oldest first, up to the limit', async () => {
      const s = store()
      const now = 10_000
      const rotating = { automaticRotation: 'Enabled' as const, state: 'Enabled' as const }
      await s.keys.insert(sampleKey({ keyId: 'r-late', ...rotating, nextRotationDate: now }))
      await s.keys.insert(sampleKey({ keyId: 'r-early', ...rotating, nextRotationDate: now - 5 }))
      await s.keys.insert(sampleKey({ keyId: 'r-future', ...rotating, nextRotationDate: now + 1 }))
      await s.keys.insert(sampleKey({ keyId: 'r-null', ...rotating, nextRotationDate: null }))
      await s.keys.insert(sampleKey({ keyId: 'r-disabled', ...rotating, state: 'Disabled', nextRotationDate: 1 }))
      await s.keys.insert(sampleKey({ keyId: 'r-suspended', ...rotating, automaticRotation: 'Suspended', nextRotationDate: 1 }))
      await s.keys.insert(sampleKey({ keyId: 'r-off', ...rotating, automaticRotation: 'Disabled', nextRotationDate: 1 }))
      assert.deepEqual(ids(await s.keys.dueForRotation(now, 10)), ['r-early', 'r-late'])
      assert.deepEqual(ids(await s.keys.dueForRotation(now, 1)), ['r-early'])
      assert.deepEqual(ids(await s.keys.dueForRotation(now - 6, 10)), [])

      await s.keys.insert(sampleKey({ keyId: 'd-due', state: 'PendingDeletion', deleteDate: now }))
      await s.keys.insert(sampleKey({ keyId: 'd-older', state: 'PendingDeletion', deleteDate: 1 }))
      await s.keys.insert(sampleKey({ keyId: 'd-future', state: 'PendingDeletion', deleteDate: now + 1 }))
      await s.keys.insert(sampleKey({ keyId: 'd-cancelled', state: 'Enabled', deleteDate: 1 }))
      assert.deepEqual(ids(await s.keys.dueForDeletion(now, 10)), ['d-older', 'd-due'])
      assert.deepEqual(ids(await s.keys.dueForDeletion(now, 1)), ['d-older'])
      assert.deepEqual(ids(await s.keys.dueForDeletion(FAR_FUTURE, 10)), ['d-older', 'd-due', 'd-future'])
    })
  })
}

