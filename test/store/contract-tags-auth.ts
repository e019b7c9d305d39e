/** Contract: TagRepo, AccessKeyRepo, NonceRepo and MetaRepo (src/store/repos/tags.ts, auth.ts). */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type { NonceClaim, TagRecord } from '../../src/store/store.js'
import { FAR_FUTURE, freshStore, type MakeStore } from './contract-fixtures.js'

const tag = (resourceId: string, tagKey: string, tagValue = 'v'): TagRecord => ({ resourceType: 'key', resourceId, tagKey, tagValue })
const claim = (nonce: string, accessKeyId = 'ak-1', expiresAt = 1000): NonceClaim => ({ accessKeyId, nonce, expiresAt })

export function tagsAndAuthContract(makeStore: MakeStore): void {
  describe('tags', () => {
    const store = freshStore(makeStore)

    it('puts, overwrites, lists by tag key and keeps resource types apart', async () => {
      const s = store()
      await s.tags.put('key', 'k1', [{ tagKey: 'b', tagValue: '1' }, { tagKey: 'a', tagValue: '2' }])
      await s.tags.put('key', 'k1', [{ tagKey: 'b', tagValue: 'changed' }, { tagKey: 'C', tagValue: '' }])
      await s.tags.put('secret', 'k1', [{ tagKey: 'a', tagValue: 'secret side' }])
      await s.tags.put('key', 'k1', [])
      assert.deepEqual(await s.tags.list('key', 'k1'), [tag('k1', 'C', ''), tag('k1', 'a', '2'), tag('k1', 'b', 'changed')])
      assert.deepEqual(await s.tags.list('secret', 'k1'), [{ resourceType: 'secret', resourceId: 'k1', tagKey: 'a', tagValue: 'secret side' }])
      assert.deepEqual(await s.tags.list('key', 'k-none'), [])
    })

    it('keeps the last value when one put repeats a tag key', async () => {
      const s = store()
      await s.tags.put('key', 'k1', [{ tagKey: 'a', tagValue: 'first' }, { tagKey: 'a', tagValue: 'last' }])
      assert.deepEqual(await s.tags.list('key', 'k1'), [tag('k1', 'a', 'last')])
    })

    it('removes given tag keys or all of them, returning how many went', async () => {
      const s = store()
      await s.tags.put('key', 'k1', ['a', 'b', 'c', 'd'].map((k) => ({ tagKey: k, tagValue: 'v' })))
      await s.tags.put('secret', 'k1', [{ tagKey: 'a', tagValue: 'v' }])
      assert.equal(await s.tags.remove('key', 'k1', ['a', 'x']), 1)
      assert.equal(await s.tags.remove('key', 'k1', []), 0)
      assert.deepEqual((await s.tags.list('key', 'k1')).map((t) => t.tagKey), ['b', 'c', 'd'])
      assert.equal(await s.tags.remove('key', 'k1'), 3)
      assert.deepEqual(await s.tags.list('key', 'k1'), [])
      assert.equal(await s.tags.remove('key', 'k1'), 0)
      assert.equal((await s.tags.list('secret', 'k1')).length, 1)
    })

    it('scans in (resourceId, tagKey) order with a cursor and optional narrowing', async () => {
      const s = store()
      await s.tags.put('key', 'r2', [{ tagKey: 'x', tagValue: '1' }, { tagKey: 'a', tagValue: '2' }])
      await s.tags.put('key', 'r1', [{ tagKey: 'z', tagValue: '3' }, { tagKey: 'B', tagValue: '4' }, { tagKey: 'b', tagValue: '5' }])
      await s.tags.put('key', 'r3', [{ tagKey: 'a', tagValue: '6' }])
      await s.tags.put('secret', 'r1', [{ tagKey: 'a', tagValue: '7' }])
      const everything = await s.tags.scan({ resourceType: 'key', limit: 100 })
      assert.deepEqual(
        everything.map((t) => `${t.resourceId}/${t.tagKey}=${t.tagValue}`),
        ['r1/B=4', 'r1/b=5', 'r1/z=3', 'r2/a=2', 'r2/x=1', 'r3/a=6'],
      )
      const walked: TagRecord[] = []
      let after: { resourceId: string; tagKey: string } | undefined
      for (;;) {
        const page = await s.tags.scan({ resourceType: 'key', limit: 2, after })
        walked.push(...page)
        if (page.length < 2) break
        const last = page[page.length - 1]
        after = { resourceId: last.resourceId, tagKey: last.tagKey }
      }
      assert.deepEqual(walked, everything)
      const narrowed = await s.tags.scan({ resourceType: 'key', resourceIds: ['r1', 'r3'], tagKeys: ['a', 'z'], limit: 100 })
      assert.deepEqual(narrowed.map((t) => `${t.resourceId}/${t.tagKey}`), ['r1/z', 'r3/a'])
      const afterCursor = await s.tags.scan({ resourceType: 'key', tagKeys: ['a'], after: { resourceId: 'r2', tagKey: 'a' }, limit: 100 })
      assert.deepEqual(afterCursor.map((t) => `${t.resourceId}/${t.tagKey}`), ['r3/a'])
      assert.deepEqual(await s.tags.scan({ resourceType: 'key', resourceIds: [], limit: 100 }), [])
      assert.deepEqual((await s.tags.scan({ resourceType: 'secret', limit: 100 })).length, 1)
    })
  })

  describe('access keys', () => {
    const store = freshStore(makeStore)

    it('puts (insert or replace), gets, lists and deletes', async () => {
      const s = store()
      const secret = randomBytes(48)
      const ak = { accessKeyId: 'LTAI-1', wrappedSecret: secret, status: 'Active' as const, description: 'ci', createdAt: 2 }
      await s.accessKeys.put(ak)
      assert.deepEqual(await s.accessKeys.get('LTAI-1'), ak)
      assert.equal(await s.accessKeys.get('LTAI-missing'), undefined)
      const replaced = { ...ak, wrappedSecret: randomBytes(48), status: 'Inactive' as const, description: 'rotated' }
      await s.accessKeys.put(replaced)
      await s.accessKeys.put({ ...ak, accessKeyId: 'LTAI-0', createdAt: 1 })
      assert.deepEqual(await s.accessKeys.get('LTAI-1'), replaced)
      assert.deepEqual((await s.accessKeys.list()).map((a) => a.accessKeyId), ['LTAI-0', 'LTAI-1'])
      assert.equal(await s.accessKeys.delete('LTAI-1'), true)
      assert.equal(await s.accessKeys.delete('LTAI-1'), false)
      assert.deepEqual((await s.accessKeys.list()).map((a) => a.accessKeyId), ['LTAI-0'])
    })
  })

  describe('nonces', () => {
    const store = freshStore(makeStore)

    it('claims each (accessKeyId, nonce) once, within a batch and across batches', async () => {
      const s = store()
      assert.deepEqual(await s.nonces.claim([]), [])
      assert.deepEqual(
        await s.nonces.claim([claim('n1'), claim('n2'), claim('n1'), claim('n1', 'ak-2'), claim('n2')]),
        [true, true, false, true, false],
      )
      assert.deepEqual(await s.nonces.claim([claim('n3'), claim('n1'), claim('n1', 'ak-2'), claim('n3')]), [true, false, false, false])
    })

    it('answers per entry for batches larger than one statement allows', async () => {
      const s = store()
      const batch = Array.from({ length: 2500 }, (_, i) => claim(`n-${i % 2200}`))
      const result = await s.nonces.claim(batch)
      assert.equal(result.filter(Boolean).length, 2200)
      assert.ok(result.slice(0, 2200).every(Boolean))
      assert.ok(result.slice(2200).every((r) => !r))
      assert.deepEqual(await s.nonces.claim([claim('n-2199'), claim('n-2200')]), [false, true])
    })

    it('purges nonces that expired before now, which may then be claimed again', async () => {
      const s = store()
      // Copies of one request carry the same expiry (NonceGuard derives it from the signed time).
      const [old, edge, fresh] = [claim('old', 'ak-1', 100), claim('edge', 'ak-1', 200), claim('new', 'ak-1', FAR_FUTURE)]
      await s.nonces.claim([old, edge, fresh])
      assert.equal(await s.nonces.purge(200), 1)
      assert.equal(await s.nonces.purge(200), 0)
      assert.deepEqual(await s.nonces.claim([old, edge, fresh]), [true, false, false])
    })
  })

  describe('meta', () => {
    const store = freshStore(makeStore)

    it('gets undefined for a missing fact, then puts and overwrites', async () => {
      const s = store()
      assert.equal(await s.meta.get('instance-id'), undefined)
      await s.meta.put('instance-id', 'a')
      await s.meta.put('instance-id', 'b')
      await s.meta.put('empty', '')
      assert.equal(await s.meta.get('instance-id'), 'b')
      assert.equal(await s.meta.get('empty'), '')
    })
  })
}
