/**
 * The key cache against a real SQLite store: bounded LRU, a load that overlaps a change notice is not kept,
 * misses are not cached, and material never appears in JSON or inspection output.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { startTestApp, type TestApp } from '../support/test-app.js'
import { createKeyCache } from '../../src/services/keys/key-cache.js'
import { createKey, type NewKey } from '../../src/services/keys/keys.js'
import { rootKeyring } from '../../src/services/keyring.js'
import { loadOrCreateRootKey } from '../../src/runtime/root-key.js'

const AES: NewKey = {
  keySpec: 'Aliyun_AES_256',
  keyUsage: 'ENCRYPT/DECRYPT',
  origin: 'Aliyun_KMS',
  description: '',
  rotationInterval: null,
  dkmsInstanceId: null,
  policy: null,
  tags: [],
}

describe('key cache', () => {
  let app: TestApp
  before(async () => {
    app = await startTestApp({}, { keyPoolSize: 0 })
  })
  after(async () => app.stop())

  const cacheOf = (maxKeys: number) =>
    createKeyCache(app.runtime.store, rootKeyring(loadOrCreateRootKey(app.config).key), app.config, { maxKeys })

  it('keeps at most maxKeys keys, evicting the least recently used with their versions', async () => {
    const cache = cacheOf(2)
    const [a, b, c] = [await createKey(app.runtime, AES), await createKey(app.runtime, AES), await createKey(app.runtime, AES)]
    for (const k of [a, b]) await cache.version(k.keyId, (await cache.key(k.keyId)).primaryVersionId as string)
    await cache.key(a.keyId)
    await cache.key(c.keyId)
    assert.deepEqual(cache.stats(), { keys: 2, aliases: 0, versions: 1 })
    const found = await cache.versionById(a.primaryVersionId as string)
    assert.equal(found?.key.keyId, a.keyId)
    assert.equal(found?.version.material?.length, 32)
    cache.close()
  })

  it('does not keep a record loaded while a change notice arrived, and never caches a miss', async () => {
    const cache = cacheOf(10)
    const key = await createKey(app.runtime, AES)
    const repo = app.runtime.store.keys as unknown as Record<string, unknown>
    const get = repo.get as (id: string) => Promise<unknown>
    repo.get = async (id: string) => {
      const stale = await get.call(repo, id)
      await app.runtime.store.notify('key', id)
      return stale
    }
    try {
      assert.equal((await cache.key(key.keyId)).keyId, key.keyId)
    } finally {
      delete repo.get
    }
    assert.equal(cache.stats().keys, 0)
    await assert.rejects(cache.key('key-notyet'), { code: 'Forbidden.KeyNotFound' })
    await createKey(app.runtime, { ...AES, keyId: 'key-notyet' })
    assert.equal((await cache.key('key-notyet')).keyId, 'key-notyet')
    assert.ok(Object.isFrozen(await cache.key('key-notyet')))
    cache.close()
  })

  it('never shows material in JSON or inspection', async () => {
    const key = await createKey(app.runtime, AES)
    const version = await app.runtime.keyCache.version(key.keyId, key.primaryVersionId as string)
    const material = version?.material as Buffer
    for (const text of [JSON.stringify({ version }), inspect(version, { depth: 5, showHidden: true })]) {
      assert.doesNotMatch(text, new RegExp(material.toString('hex').slice(0, 16)))
      assert.ok(!text.includes(JSON.stringify(material.toJSON().data).slice(1, 20)), text)
    }
  })
})
