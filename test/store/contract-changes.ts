/**
 * Contract: change notices cross instances (processes) on one database. The guarantee pinned here (see
 * docs/storage.md "Change notices"): once a notifying write has returned, `sync()` on any instance
 * delivers it before resolving; without `sync()` it arrives within the engine's poll period; each
 * instance hears every committed notice exactly once, all in the same (commit) order.
 */
import { describe, it, beforeEach, afterEach } from 'node:test'
import assert from 'node:assert/strict'
import { CHANGE_TOPICS, EVERY_RESOURCE, type Store } from '../../src/store/store.js'
import { recordNotices, until } from './contract-fixtures.js'
import type { MakeSharedPair } from './contract-shared.js'

/** Longest wait for a notice nobody asked for: the slowest poll period (1 s) with room for a busy machine. */
const UNASKED_BOUND_MS = 5_000

export function changesContract(makePair: MakeSharedPair): void {
  describe('change notices across instances', () => {
    let a: Store
    let b: Store
    beforeEach(async () => {
      ;[a, b] = await makePair()
    })
    afterEach(async () => {
      await a.close()
      await b.close()
    })

    it('reach the other instance by its next sync(), exactly once', async () => {
      const atA = recordNotices(a)
      const atB = recordNotices(b)
      await a.tx(async (tx) => {
        await tx.notify('key', 'k1')
        await tx.notify('alias', 'alias/one')
      })
      await a.notify('accessKey', 'ak-1')
      await b.sync()
      assert.deepEqual(atB.seen, ['key:k1', 'alias:alias/one', 'accessKey:ak-1'])
      await a.sync()
      await b.sync()
      assert.deepEqual(atA.seen, ['key:k1', 'alias:alias/one', 'accessKey:ak-1'], 'no second delivery to the writer')
      assert.deepEqual(atB.seen, ['key:k1', 'alias:alias/one', 'accessKey:ak-1'], 'no second delivery to the reader')
    })

    it('reach the other instance unasked within the poll bound, and never when rolled back', async () => {
      const atB = recordNotices(b)
      await assert.rejects(
        a.tx(async (tx) => {
          await tx.notify('key', 'rolled-back')
          throw new Error('undo')
        }),
      )
      await a.notify('secret', 's1')
      await until('the notice reaches the other instance', () => atB.seen.includes('secret:s1'), UNASKED_BOUND_MS)
      await b.sync()
      assert.deepEqual(atB.seen, ['secret:s1'])
    })

    it('arrive in one commit order on both instances when both write at once', async () => {
      const atA = recordNotices(a)
      const atB = recordNotices(b)
      const write = (s: Store, name: string) =>
        s.tx(async (tx) => {
          await tx.meta.put(name, 'x')
          await tx.notify('key', name)
        })
      const writes = (s: Store, who: string) => Promise.all(Array.from({ length: 15 }, (_, i) => write(s, `${who}-${i}`)))
      // Two SQLite instances in ONE process cannot write at once (docs/storage.md: the second waits for the
      // file lock synchronously, blocking the event loop that would release it); they take turns here.
      if (a.engine === 'sqlite') {
        for (let i = 0; i < 15; i++) {
          await write(a, `a-${i}`)
          await write(b, `b-${i}`)
        }
      } else await Promise.all([writes(a, 'a'), writes(b, 'b')])
      await a.sync()
      await b.sync()
      assert.equal(atA.seen.length, 30)
      assert.equal(new Set(atA.seen).size, 30, 'each notice once')
      assert.deepEqual(atB.seen, atA.seen, 'the same order on both instances')
    })

    it('tell a far-behind instance that everything may have changed instead of replaying it', async () => {
      const atB = recordNotices(b)
      await a.tx(async (tx) => {
        for (let i = 0; i < 6_000; i++) await tx.notify('key', `k-${i}`)
      })
      await b.sync()
      assert.deepEqual(
        atB.seen,
        CHANGE_TOPICS.map((t) => `${t}:${EVERY_RESOURCE}`),
      )
      await a.notify('alias', 'alias/next')
      await b.sync()
      assert.equal(atB.seen.at(-1), 'alias:alias/next', 'and then goes on one notice at a time')
    })
  })
}
