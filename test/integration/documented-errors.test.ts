/**
 * Error codes that follow Alibaba's API metadata for each action, through the official SDKs: an unknown
 * DKMSInstanceId (CreateKey, CreateSecret), RestoreSecret of a secret that is not being deleted. The tag-service
 * codes of TagResources / UntagResources / ListTagResources are in aliases-tags.test.ts.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { callPop, callV3, callV4, failure, type Endpoint } from '../support/sdk.js'

describe('documented error codes', { timeout: 60_000 }, () => {
  let app: TestApp
  let e: Endpoint
  before(async () => {
    app = await startTestApp()
    e = { endpoint: app.endpoint, ...TEST_AK }
  })
  after(async () => {
    await app.stop()
  })

  it('CreateKey with an unknown DKMSInstanceId is Forbidden.DKMSInstanceNotFound (403) and creates nothing', async () => {
    const before = (await callV3(e, 'ListKeys', { PageSize: '100' })).body.TotalCount
    const f = await failure(callV3(e, 'CreateKey', { DKMSInstanceId: 'kst-hzz000000000000000000' }))
    assert.deepEqual([f.code, f.status], ['Forbidden.DKMSInstanceNotFound', 403])
    const pop = await failure(callPop(e, 'CreateKey', { DKMSInstanceId: 'kst-other' }))
    assert.equal(pop.code, 'Forbidden.DKMSInstanceNotFound')
    assert.equal((await callV3(e, 'ListKeys', { PageSize: '100' })).body.TotalCount, before)
    const ok = await callV4(e, 'CreateKey', { DKMSInstanceId: app.runtime.instanceId })
    assert.equal((ok.body.KeyMetadata as { DKMSInstanceId: string }).DKMSInstanceId, app.runtime.instanceId)
  })

  it('CreateSecret with an unknown DKMSInstanceId is Forbidden.DKMSInstanceNotFound (403) and creates nothing', async () => {
    const f = await failure(callV3(e, 'CreateSecret', { SecretName: 's-unknown-instance', VersionId: 'v1', SecretData: 'x', DKMSInstanceId: 'kst-nope' }))
    assert.deepEqual([f.code, f.status], ['Forbidden.DKMSInstanceNotFound', 403])
    const gone = await failure(callV3(e, 'DescribeSecret', { SecretName: 's-unknown-instance' }))
    assert.equal(gone.code, 'Forbidden.ResourceNotFound')
    const ok = await callV3(e, 'CreateSecret', { SecretName: 's-this-instance', VersionId: 'v1', SecretData: 'x', DKMSInstanceId: app.runtime.instanceId })
    assert.equal(ok.body.DKMSInstanceId, app.runtime.instanceId)
  })

  it('RestoreSecret of a secret that is not being deleted is Rejected.ResourceInUse (409); a deleted one restores', async () => {
    await callV3(e, 'CreateSecret', { SecretName: 's-live', VersionId: 'v1', SecretData: 'x' })
    const f = await failure(callV3(e, 'RestoreSecret', { SecretName: 's-live' }))
    assert.deepEqual([f.code, f.status], ['Rejected.ResourceInUse', 409])
    await callV3(e, 'DeleteSecret', { SecretName: 's-live', RecoveryWindowInDays: '7' })
    const restored = await callV3(e, 'RestoreSecret', { SecretName: 's-live' })
    assert.equal(restored.body.SecretName, 's-live')
    const again = await failure(callV3(e, 'RestoreSecret', { SecretName: 's-live' }))
    assert.equal(again.code, 'Rejected.ResourceInUse')
  })
})
