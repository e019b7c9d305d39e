/**
 * Scheduled deletion through the official SDKs: nothing happens before DeleteDate, then the key, its versions,
 * aliases and tags are gone and every action reports Forbidden.KeyNotFound. Deletion protection blocks scheduling.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { KMS, kmsClient, callV3, callPop, failure, type Endpoint } from '../support/sdk.js'
import { ManualClock } from '../../src/domain/clock.js'
import { DAY, formatUtc } from '../../src/domain/time.js'
import { encryptWithKey, decryptBlob } from '../../src/services/crypto/symmetric.js'
import { destroyDueKey } from '../../src/jobs/destroy-keys.js'

const T0 = Math.floor(Date.now() / 1000) * 1000

describe('key deletion', () => {
  let app: TestApp
  let ep: Endpoint
  before(async () => {
    app = await startTestApp({}, { clock: new ManualClock(T0), jobPeriodMs: 0, keyPoolSize: 0 })
    ep = { endpoint: app.endpoint, ...TEST_AK }
  })
  after(async () => app.stop())

  const newKey = async (q: Record<string, string> = {}) => ((await callV3(ep, 'CreateKey', q)).body.KeyMetadata as { KeyId: string }).KeyId
  const destroyedIn = (r: Record<string, unknown>) => (r['destroy-keys'] as { done: number }).done

  it('destroys the key with its versions, aliases and tags once DeleteDate has passed, exactly once', async () => {
    const keyId = await newKey({ Tags: JSON.stringify([{ TagKey: 'team', TagValue: 'a' }]) })
    await callV3(ep, 'CreateAlias', { AliasName: 'alias/doomed', KeyId: keyId })
    const sealed = await encryptWithKey(app.runtime, keyId, Buffer.from('secret'), undefined)
    await kmsClient(ep).scheduleKeyDeletion(new KMS.ScheduleKeyDeletionRequest({ keyId, pendingWindowInDays: 7 }))
    const md = (await callV3(ep, 'DescribeKey', { KeyId: keyId })).body.KeyMetadata as Record<string, string>
    assert.equal(md.DeleteDate, formatUtc(T0 + 7 * DAY))

    assert.equal(destroyedIn(await app.jobs.runDue(T0 + 7 * DAY - 1000)), 0)
    assert.equal(((await callV3(ep, 'DescribeKey', { KeyId: 'alias/doomed' })).body.KeyMetadata as { KeyId: string }).KeyId, keyId)
    const [a, b] = await Promise.all([app.jobs.runDue(T0 + 7 * DAY), app.jobs.runDue(T0 + 7 * DAY)])
    assert.equal(destroyedIn(a) + destroyedIn(b), 1)

    const byId: Array<[string, Record<string, string>]> = [
      ['DescribeKey', {}],
      ['ListKeyVersions', {}],
      ['DescribeKeyVersion', { KeyVersionId: sealed.keyVersionId }],
      ['CancelKeyDeletion', {}],
      ['EnableKey', {}],
      ['DisableKey', {}],
      ['UpdateKeyDescription', { Description: 'x' }],
      ['ScheduleKeyDeletion', { PendingWindowInDays: '7' }],
      ['UpdateRotationPolicy', { EnableAutomaticRotation: 'false' }],
      ['CreateKeyVersion', {}],
      ['CreateAlias', { AliasName: 'alias/doomed-again' }],
      ['ListAliasesByKeyId', {}],
      ['TagResource', { Tags: '[{"TagKey":"k","TagValue":"v"}]' }],
      ['ListResourceTags', {}],
    ]
    for (const [action, extra] of byId) {
      const f = await failure(callV3(ep, action, { KeyId: keyId, ...extra }))
      assert.deepEqual([f.code, f.status], ['Forbidden.KeyNotFound', 404], action)
    }
    assert.equal((await failure(callPop(ep, 'DescribeKey', { KeyId: 'alias/doomed' }))).code, 'Forbidden.AliasNotFound')
    const f = await failure(callV3(ep, 'DescribeKey', { KeyId: 'alias/doomed' }))
    assert.deepEqual([f.code, f.status], ['Forbidden.AliasNotFound', 404])
    await assert.rejects(decryptBlob(app.runtime, sealed.blob, undefined), { code: 'Forbidden.KeyNotFound' })

    const store = app.runtime.store
    assert.equal(await store.keyVersions.getById(sealed.keyVersionId), undefined)
    assert.deepEqual(await store.tags.list('key', keyId), [])
    assert.equal(await store.aliases.get('alias/doomed'), undefined)
    const aliases = (await callV3(ep, 'ListAliases', { PageSize: '100' })).body.Aliases as { Alias: Array<{ KeyId: string }> }
    assert.ok(aliases.Alias.every((x) => x.KeyId !== keyId))
    const reuse = await newKey()
    await callV3(ep, 'CreateAlias', { AliasName: 'alias/doomed', KeyId: reuse })
    assert.deepEqual(await store.integrityCheck(), [])
  })

  it('keeps a key whose deletion was cancelled, even when the job read it before the cancel', async () => {
    const keyId = await newKey()
    await callV3(ep, 'ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: '7' })
    const [scanned] = (await app.runtime.store.keys.dueForDeletion(T0 + 8 * DAY, 1000)).filter((k) => k.keyId === keyId)
    assert.ok(scanned)
    await callV3(ep, 'CancelKeyDeletion', { KeyId: keyId })
    assert.equal(await destroyDueKey(app.runtime, scanned, T0 + 8 * DAY), false)
    await app.jobs.runDue(T0 + 8 * DAY)
    const md = (await callV3(ep, 'DescribeKey', { KeyId: keyId })).body.KeyMetadata as Record<string, string>
    assert.deepEqual([md.KeyState, md.DeleteDate], ['Enabled', undefined])
  })

  it('deletion protection blocks ScheduleKeyDeletion until it is turned off', async () => {
    const keyId = await newKey()
    await callV3(ep, 'SetDeletionProtection', { KeyId: keyId, EnableDeletionProtection: 'true', DeletionProtectionDescription: 'prod' })
    const f = await failure(kmsClient(ep).scheduleKeyDeletion(new KMS.ScheduleKeyDeletionRequest({ keyId, pendingWindowInDays: 7 })))
    assert.deepEqual([f.code, f.status], ['Rejected.StateModifiedFailed', 409])
    assert.match(f.message, /[Dd]eletion protection/)
    let md = (await callV3(ep, 'DescribeKey', { KeyId: keyId })).body.KeyMetadata as Record<string, string>
    assert.deepEqual([md.KeyState, md.DeletionProtection], ['Enabled', 'Enabled'])
    await callV3(ep, 'SetDeletionProtection', { KeyId: keyId, EnableDeletionProtection: 'false' })
    await callV3(ep, 'ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: '7' })
    md = (await callV3(ep, 'DescribeKey', { KeyId: keyId })).body.KeyMetadata as Record<string, string>
    assert.equal(md.KeyState, 'PendingDeletion')
  })
})
