/** Contract: Store.tx, notify/subscribe (src/store/store.ts). */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ALL, freshStore, recordNotices, sampleKey, sampleVersion, type MakeStore } from './contract-fixtures.js'

class Abort extends Error {}

export function txContract(makeStore: MakeStore): void {
  describe('transactions and change notices', () => {
    const store = freshStore(makeStore)

    it('commits every write together and returns the callback result', async () => {
      const s = store()
      const result = await s.tx(async (tx) => {
        await tx.keys.insert(sampleKey())
        await tx.keyVersions.insert(sampleVersion())
        assert.equal((await tx.keys.get(sampleKey().keyId))?.keyId, sampleKey().keyId, 'a transaction reads its own writes')
        return 42
      })
      assert.equal(result, 42)
      assert.ok(await s.keys.get(sampleKey().keyId))
      assert.ok(await s.keyVersions.getById('ver-1'))
    })

    it('rolls back every write and drops its notices when the callback throws', async () => {
      const s = store()
      const { seen } = recordNotices(s)
      await s.meta.put('before', 'kept')
      await assert.rejects(
        s.tx(async (tx) => {
          await tx.keys.insert(sampleKey())
          await tx.keyVersions.insert(sampleVersion())
          await tx.aliases.insert({ aliasName: 'alias/x', keyId: sampleKey().keyId, createdAt: 1, updatedAt: 1 })
          await tx.tags.put('key', sampleKey().keyId, [{ tagKey: 'a', tagValue: 'b' }])
          await tx.accessKeys.put({ accessKeyId: 'ak', wrappedSecret: Buffer.from('s'), status: 'Active', description: '', createdAt: 1 })
          await tx.meta.put('before', 'overwritten')
          await tx.notify('key', sampleKey().keyId)
          throw new Abort('boom')
        }),
        Abort,
      )
      assert.equal(await s.keys.get(sampleKey().keyId), undefined)
      assert.equal(await s.keyVersions.getById('ver-1'), undefined)
      assert.equal(await s.aliases.get('alias/x'), undefined)
      assert.deepEqual(await s.tags.list('key', sampleKey().keyId), [])
      assert.equal(await s.accessKeys.get('ak'), undefined)
      assert.equal(await s.meta.get('before'), 'kept')
      assert.equal(await s.keys.count(), 0)
      assert.deepEqual(seen, [])
    })

    it('delivers notices after commit, once per resource, in order; outside a tx at once', async () => {
      const s = store()
      const { seen, stop } = recordNotices(s)
      const other = recordNotices(s)
      await s.tx(async (tx) => {
        await tx.notify('key', 'k1')
        await tx.notify('alias', 'alias/a')
        await tx.notify('key', 'k1')
        await s.notify('accessKey', 'ak-1')
        assert.deepEqual(seen, [], 'nothing is announced before commit')
      })
      assert.deepEqual(seen, ['key:k1', 'alias:alias/a', 'accessKey:ak-1'])
      await s.notify('secret', 's1')
      assert.deepEqual(seen.slice(3), ['secret:s1'])
      stop()
      await s.notify('access', 'p1')
      assert.equal(seen.length, 4, 'an unsubscribed listener hears nothing more')
      assert.deepEqual(other.seen, ['key:k1', 'alias:alias/a', 'accessKey:ak-1', 'secret:s1', 'access:p1'])
    })

    it('joins the outer transaction from a nested tx and from store-level calls inside it', async () => {
      const s = store()
      const { seen } = recordNotices(s)
      await assert.rejects(
        s.tx(async (outer) => {
          await outer.keys.insert(sampleKey())
          await s.tx(async (inner) => {
            assert.ok(await inner.keys.get(sampleKey().keyId), 'the inner tx sees the outer writes')
            await inner.meta.put('inner', 'x')
            await inner.notify('key', 'inner')
          })
          assert.equal(await s.meta.get('inner'), 'x')
          assert.equal(await s.keys.count(), 1)
          assert.deepEqual(seen, [], 'the inner tx does not commit on its own')
          throw new Abort('outer fails')
        }),
        Abort,
      )
      assert.equal(await s.meta.get('inner'), undefined)
      assert.equal(await s.keys.count(), 0)
      assert.deepEqual(seen, [])
    })

    it('refuses to use a transaction after it ended', async () => {
      const s = store()
      let leaked: Parameters<Parameters<typeof s.tx>[0]>[0] | undefined
      await s.tx(async (tx) => {
        leaked = tx
      })
      await assert.rejects(leaked!.meta.put('late', 'x'))
      assert.equal(await s.meta.get('late'), undefined)
    })

    it('serialises concurrent read-modify-write transactions (no lost updates)', async () => {
      const s = store()
      await s.meta.put('counter', '0')
      await Promise.all(
        Array.from({ length: 20 }, () =>
          s.tx(async (tx) => {
            const n = Number(await tx.meta.get('counter'))
            await new Promise((resolve) => setImmediate(resolve))
            await tx.meta.put('counter', String(n + 1))
          }),
        ),
      )
      assert.equal(await s.meta.get('counter'), '20')
    })

    it('destroys atomically outside a transaction and inside one that rolls back', async () => {
      const s = store()
      await s.keys.insert(sampleKey())
      await s.keyVersions.insert(sampleVersion())
      await assert.rejects(
        s.tx(async (tx) => {
          assert.equal(await tx.keys.destroy(sampleKey().keyId), true)
          throw new Abort('undo')
        }),
        Abort,
      )
      assert.ok(await s.keys.get(sampleKey().keyId))
      assert.equal((await s.keyVersions.list(sampleKey().keyId, ALL)).total, 1)
    })
  })
}
