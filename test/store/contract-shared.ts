/** Contract: two store instances on one database behave as one (what several openkms processes rely on). */
import { describe, it, beforeEach, afterEach } from 'node:test'
import assert from 'node:assert/strict'
import type { NonceClaim, Store } from '../../src/store/store.js'
import { sampleKey } from './contract-fixtures.js'

export type MakeSharedPair = () => Promise<[Store, Store]>

export function sharedContract(makePair: MakeSharedPair): void {
  describe('two instances on one database', () => {
    let a: Store
    let b: Store
    beforeEach(async () => {
      ;[a, b] = await makePair()
    })
    afterEach(async () => {
      await a.close()
      await b.close()
    })

    it('see each other’s commits', async () => {
      await a.tx(async (tx) => tx.keys.insert(sampleKey()))
      assert.equal((await b.keys.get(sampleKey().keyId))?.keyId, sampleKey().keyId)
    })

    it('let exactly one instance claim each nonce when both claim the same ones at once', async () => {
      const batches = Array.from({ length: 20 }, (_, i) =>
        Array.from({ length: 10 }, (_, j): NonceClaim => ({ accessKeyId: 'ak', nonce: `n-${i * 10 + j}`, expiresAt: 1e13 })),
      )
      const [fromA, fromB] = await Promise.all([
        Promise.all(batches.map((batch) => a.nonces.claim(batch))),
        Promise.all(batches.map((batch) => b.nonces.claim(batch))),
      ])
      const winsA = fromA.flat()
      const winsB = fromB.flat()
      winsA.forEach((won, i) => assert.notEqual(won, winsB[i], `nonce ${i} must be won by exactly one instance`))
    })

    it('let exactly one of two compare-and-set updates with the same revision win', async () => {
      await a.keys.insert(sampleKey())
      const id = sampleKey().keyId
      const [ra, rb] = await Promise.all([a.keys.update(id, { description: 'a' }, 1), b.keys.update(id, { description: 'b' }, 1)])
      assert.equal([ra, rb].filter((r) => r !== undefined).length, 1)
      assert.equal((await b.keys.get(id))?.revision, 2)
    })
  })
}
