/** Contract: SecretRepo and SecretVersionRepo (src/store/repos/secrets.ts). */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { UniqueViolation, type SecretRecord, type SecretVersionRecord } from '../../src/store/store.js'
import { FAR_FUTURE, freshStore, type MakeStore } from './contract-fixtures.js'

function sampleSecret(overrides: Partial<SecretRecord> = {}): SecretRecord {
  return {
    secretName: 'app/db',
    secretType: 'Generic',
    description: 'sample',
    encryptionKeyId: 'key-1',
    dkmsInstanceId: null,
    extendedConfig: null,
    policy: null,
    creator: '1234567890123456',
    automaticRotation: 'Disabled',
    rotationInterval: null,
    lastRotationDate: null,
    nextRotationDate: null,
    plannedDeleteTime: null,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    revision: 1,
    ...overrides,
  }
}

function sampleSecretVersion(overrides: Partial<SecretVersionRecord> = {}): SecretVersionRecord {
  return {
    secretName: 'app/db',
    versionId: 'v1',
    ordinal: 1,
    createdAt: 1_700_000_000_000,
    dataType: 'text',
    encryptionKeyId: 'key-1',
    keyVersionId: 'kv-1',
    wrappedDataKey: Buffer.from([1, 0, 255, 7]),
    ciphertext: Buffer.from([1, 2, 0, 3]),
    ...overrides,
  }
}

const names = (items: SecretRecord[]) => items.map((s) => s.secretName)

export function secretsContract(makeStore: MakeStore): void {
  describe('secrets', () => {
    const store = freshStore(makeStore)

    it('round-trips every field, refuses a duplicate name, and returns undefined when missing', async () => {
      const full = sampleSecret({
        secretName: 'acs/ram/user/ops',
        secretType: 'RAMCredentials',
        description: 'ünïcode — 秘密',
        dkmsInstanceId: 'kst-hzz0',
        extendedConfig: '{"SecretSubType":"RamUserAccessKey","UserName":"ops","CustomData":{}}',
        policy: '{"Version":"1","Statement":[]}',
        automaticRotation: 'Enabled',
        rotationInterval: 604_800,
        lastRotationDate: FAR_FUTURE - 1,
        nextRotationDate: FAR_FUTURE + 1,
        plannedDeleteTime: FAR_FUTURE + 2,
        updatedAt: FAR_FUTURE,
        revision: 9,
      })
      await store().secrets.insert(full)
      assert.deepEqual(await store().secrets.get(full.secretName), full)
      await assert.rejects(store().secrets.insert(sampleSecret({ secretName: full.secretName })), UniqueViolation)
      assert.equal(await store().secrets.get('missing'), undefined)
      assert.equal(await store().secrets.count(), 1)
    })

    it('updates with compare-and-set on the revision', async () => {
      await store().secrets.insert(sampleSecret())
      const updated = await store().secrets.update('app/db', { description: 'new', plannedDeleteTime: 5 }, 1)
      assert.equal(updated?.revision, 2)
      assert.equal(updated?.description, 'new')
      assert.equal(updated?.plannedDeleteTime, 5)
      assert.equal(await store().secrets.update('app/db', { description: 'stale' }, 1), undefined)
      assert.equal((await store().secrets.get('app/db'))?.description, 'new')
      const cleared = await store().secrets.update('app/db', { plannedDeleteTime: null })
      assert.equal(cleared?.plannedDeleteTime, null)
      assert.equal(cleared?.revision, 3)
      assert.equal(await store().secrets.update('missing', { description: 'x' }), undefined)
    })

    it('pages in creation order then name, and filters with AND across fields and OR within one', async () => {
      const s = store()
      await s.secrets.insert(sampleSecret({ secretName: 'b', createdAt: 2, description: 'Payment DB 100%', secretType: 'Rds' }))
      await s.secrets.insert(sampleSecret({ secretName: 'a', createdAt: 2, description: 'orders_db', dkmsInstanceId: 'kst-1' }))
      await s.secrets.insert(sampleSecret({ secretName: 'c', createdAt: 1, description: 'cache', creator: 'other' }))
      await s.tags.put('secret', 'a', [{ tagKey: 'env', tagValue: 'prod' }])
      await s.tags.put('secret', 'c', [{ tagKey: 'team', tagValue: 'prod' }])
      await s.tags.put('key', 'b', [{ tagKey: 'env', tagValue: 'prod' }])
      const all = await s.secrets.list({}, { offset: 0, limit: 2 })
      assert.deepEqual([names(all.items), all.total], [['c', 'a'], 3])
      assert.deepEqual(names((await s.secrets.list({}, { offset: 2, limit: 2 })).items), ['b'])
      const q = async (filter: Parameters<typeof s.secrets.list>[0]) => names((await s.secrets.list(filter, { offset: 0, limit: 10 })).items)
      assert.deepEqual(await q({ names: ['a', 'b', 'zz'] }), ['a', 'b'])
      assert.deepEqual(await q({ descriptions: ['DB'] }), ['a', 'b'])
      assert.deepEqual(await q({ descriptions: ['100%'] }), ['b'])
      assert.deepEqual(await q({ descriptions: ['_db'] }), ['a'])
      assert.deepEqual(await q({ descriptions: ['%'] }), ['b'])
      assert.deepEqual(await q({ types: ['Rds'] }), ['b'])
      assert.deepEqual(await q({ creators: ['other'] }), ['c'])
      assert.deepEqual(await q({ dkmsInstanceIds: ['kst-1'] }), ['a'])
      assert.deepEqual(await q({ tagKeys: ['env'] }), ['a'])
      assert.deepEqual(await q({ tagValues: ['prod'] }), ['c', 'a'])
      assert.deepEqual(await q({ tagValues: ['prod'], descriptions: ['cache'] }), ['c'])
      assert.deepEqual(await q({ names: [] }), [])
      assert.equal((await s.secrets.list({ tagKeys: [] }, { offset: 0, limit: 10 })).total, 0)
    })

    it('finds secrets due for purge and for rotation', async () => {
      const s = store()
      await s.secrets.insert(sampleSecret({ secretName: 'late', plannedDeleteTime: 300 }))
      await s.secrets.insert(sampleSecret({ secretName: 'early', plannedDeleteTime: 100 }))
      await s.secrets.insert(sampleSecret({ secretName: 'kept' }))
      await s.secrets.insert(sampleSecret({ secretName: 'rot', automaticRotation: 'Enabled', nextRotationDate: 100 }))
      await s.secrets.insert(sampleSecret({ secretName: 'rot-deleting', automaticRotation: 'Enabled', nextRotationDate: 50, plannedDeleteTime: FAR_FUTURE }))
      await s.secrets.insert(sampleSecret({ secretName: 'rot-off', automaticRotation: 'Disabled', nextRotationDate: 50 }))
      assert.deepEqual(names(await s.secrets.dueForPurge(300, 10)), ['early', 'late'])
      assert.deepEqual(names(await s.secrets.dueForPurge(299, 10)), ['early'])
      assert.deepEqual(names(await s.secrets.dueForPurge(300, 1)), ['early'])
      assert.deepEqual(names(await s.secrets.dueForRotation(100, 10)), ['rot'])
      assert.deepEqual(names(await s.secrets.dueForRotation(99, 10)), [])
    })

    it('destroys a secret with its versions, stages and tags, and nothing of other secrets', async () => {
      const s = store()
      for (const secretName of ['gone', 'kept']) {
        await s.secrets.insert(sampleSecret({ secretName }))
        await s.secretVersions.insert(sampleSecretVersion({ secretName }))
        await s.secretVersions.setStage(secretName, 'ACSCurrent', 'v1')
        await s.tags.put('secret', secretName, [{ tagKey: 'k', tagValue: 'v' }])
      }
      assert.equal(await s.secrets.destroy('gone'), true)
      assert.equal(await s.secrets.destroy('gone'), false)
      assert.equal(await s.secrets.get('gone'), undefined)
      assert.deepEqual(await s.secretVersions.list('gone'), [])
      assert.deepEqual(await s.secretVersions.stages('gone'), [])
      assert.deepEqual(await s.tags.list('secret', 'gone'), [])
      assert.equal((await s.secretVersions.list('kept')).length, 1)
      assert.deepEqual(await s.secretVersions.stages('kept'), [{ stage: 'ACSCurrent', versionId: 'v1' }])
      assert.equal((await s.tags.list('secret', 'kept')).length, 1)
    })
  })

  describe('secret versions and stages', () => {
    const store = freshStore(makeStore)

    it('round-trips versions in ordinal order; a version id or ordinal is written once per secret', async () => {
      const s = store()
      await s.secrets.insert(sampleSecret())
      await s.secrets.insert(sampleSecret({ secretName: 'other' }))
      const big = sampleSecretVersion({ versionId: 'v2', ordinal: 2, dataType: 'binary', createdAt: FAR_FUTURE, ciphertext: randomBytes(40_000) })
      await s.secretVersions.insert(big)
      await s.secretVersions.insert(sampleSecretVersion())
      await s.secretVersions.insert(sampleSecretVersion({ secretName: 'other' }))
      assert.deepEqual(await s.secretVersions.get('app/db', 'v2'), big)
      assert.deepEqual((await s.secretVersions.list('app/db')).map((v) => v.versionId), ['v1', 'v2'])
      await assert.rejects(s.secretVersions.insert(sampleSecretVersion({ ordinal: 9 })), UniqueViolation)
      await assert.rejects(s.secretVersions.insert(sampleSecretVersion({ versionId: 'v3', ordinal: 2 })), UniqueViolation)
      assert.equal(await s.secretVersions.maxOrdinal('app/db'), 2)
      assert.equal(await s.secretVersions.maxOrdinal('none'), 0)
      assert.equal(await s.secretVersions.get('app/db', 'v9'), undefined)
      assert.equal(await s.secretVersions.delete('app/db', ['v1', 'v9']), 1)
      assert.equal(await s.secretVersions.delete('app/db', []), 0)
      assert.deepEqual((await s.secretVersions.list('app/db')).map((v) => v.versionId), ['v2'])
      assert.equal((await s.secretVersions.list('other')).length, 1)
    })

    it('keeps one version per stage: setting moves the label, removing deletes it', async () => {
      const s = store()
      await s.secrets.insert(sampleSecret())
      await s.secretVersions.insert(sampleSecretVersion())
      await s.secretVersions.insert(sampleSecretVersion({ versionId: 'v2', ordinal: 2 }))
      await s.secretVersions.setStage('app/db', 'ACSCurrent', 'v1')
      await s.secretVersions.setStage('app/db', 'MyLabel', 'v1')
      await s.secretVersions.setStage('app/db', 'ACSCurrent', 'v2')
      await s.secretVersions.setStage('app/db', 'ACSPrevious', 'v1')
      assert.deepEqual(await s.secretVersions.stages('app/db'), [
        { stage: 'ACSCurrent', versionId: 'v2' },
        { stage: 'ACSPrevious', versionId: 'v1' },
        { stage: 'MyLabel', versionId: 'v1' },
      ])
      assert.equal(await s.secretVersions.removeStage('app/db', 'MyLabel'), true)
      assert.equal(await s.secretVersions.removeStage('app/db', 'MyLabel'), false)
      assert.equal((await s.secretVersions.stages('app/db')).length, 2)
    })

    it('refuses a stage on a version that does not exist', async () => {
      const s = store()
      await s.secrets.insert(sampleSecret())
      await assert.rejects(s.secretVersions.setStage('app/db', 'ACSCurrent', 'v-missing'))
      assert.deepEqual(await s.secretVersions.stages('app/db'), [])
    })
  })
}
