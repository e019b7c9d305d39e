/**
 * The notice-invalidated cache primitive (services/notice-cache.ts) on a real SQLite store: a change notice that
 * arrives while a value is being read must not be lost, i.e. the value read before the change is returned to its
 * own caller but not kept. Also the AccessKey secret cache built on it, which once dropped such notices.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore } from '../../src/store/open-store.js'
import type { Store } from '../../src/store/store.js'
import { NoticeCache } from '../../src/services/notice-cache.js'
import { putAccessKey } from '../../src/services/access/access-keys.js'
import { credentialLookup } from '../../src/services/identity/credentials.js'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'

describe('NoticeCache', () => {
  let dir: string
  let store: Store
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'openkms-notice-cache-'))
    store = await openStore({ dataDir: dir })
  })
  after(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const announce = async (topic: 'key' | 'alias', id: string) => {
    await store.tx((tx) => tx.notify(topic, id))
    await store.sync()
  }

  it('does not keep a value whose read a change notice overtook', async () => {
    const cache = new NoticeCache<string, string>(store, { topics: ['key'], capacity: 10 })
    try {
      const stale = await cache.getOrLoad('k1', async () => {
        await announce('key', 'k1') // the value changes while this read is in flight
        return 'before the change'
      })
      assert.equal(stale, 'before the change', 'the read still answers its own caller')
      assert.equal(cache.peek('k1'), undefined, 'but the stale value is not cached')
      assert.equal(await cache.getOrLoad('k1', async () => 'after the change'), 'after the change')
      assert.equal(await cache.getOrLoad('k1', async () => 'not read again'), 'after the change', 'a fresh read is kept')
    } finally {
      cache.close()
    }
  })

  it('drops the named entry on a notice, everything on EVERY_RESOURCE, ignores other topics, never caches misses', async () => {
    const cache = new NoticeCache<string, string>(store, { topics: ['key'], capacity: 10 })
    try {
      for (const k of ['a', 'b', 'c']) await cache.getOrLoad(k, async () => `v-${k}`)
      await announce('alias', 'a')
      assert.equal(cache.peek('a'), 'v-a', "another topic's notice leaves the cache alone")
      await announce('key', 'a')
      assert.deepEqual([cache.peek('a'), cache.peek('b')], [undefined, 'v-b'])
      await announce('key', '*')
      assert.equal(cache.size, 0)
      assert.equal(await cache.getOrLoad('nobody', async () => undefined), undefined)
      assert.equal(cache.size, 0, 'a miss is not cached')
    } finally {
      cache.close()
    }
  })

  it('is bounded: the least recently used entry goes first, and onDrop hears it', async () => {
    const dropped: string[] = []
    const cache = new NoticeCache<string, string>(store, { topics: ['key'], capacity: 2, onDrop: (k) => dropped.push(k) })
    try {
      await cache.getOrLoad('a', async () => 'A')
      await cache.getOrLoad('b', async () => 'B')
      assert.equal(cache.get('a'), 'A') // a is now more recently used than b
      await cache.getOrLoad('c', async () => 'C')
      assert.deepEqual([cache.peek('a'), cache.peek('b'), cache.peek('c')], ['A', undefined, 'C'])
      assert.deepEqual(dropped, ['b'])
    } finally {
      cache.close()
    }
  })
})

describe('AccessKey secret cache', () => {
  let app: TestApp
  before(async () => {
    app = await startTestApp({}, { keyPoolSize: 0 })
  })
  after(async () => app.stop())

  it('a secret changed while it was being read is read again next time', async () => {
    const rt = app.runtime
    const newSecret = 'rotated-secret-0123456789'
    let raced = false
    // The store read returns the old record, and the AccessKey changes before the read completes.
    const store = new Proxy(rt.store, {
      get(target, prop, receiver) {
        if (prop !== 'accessKeys') return Reflect.get(target, prop, receiver)
        return {
          ...target.accessKeys,
          get: async (id: string) => {
            const before = await target.accessKeys.get(id)
            if (!raced) {
              raced = true
              await putAccessKey(rt, { accessKeyId: id, accessKeySecret: newSecret }, 'rotated')
              await target.sync()
            }
            return before
          },
        }
      },
    })
    const lookup = credentialLookup({ ...rt, store })
    assert.equal((await lookup(TEST_AK.accessKeyId, undefined))?.secret, TEST_AK.accessKeySecret, 'the racing read answers with what it read')
    assert.equal((await lookup(TEST_AK.accessKeyId, undefined))?.secret, newSecret, 'the notice that arrived during the read was not lost')
  })
})
