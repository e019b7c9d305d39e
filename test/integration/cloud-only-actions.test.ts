/**
 * Actions that only make sense on Alibaba Cloud (instance networking and release) and managed data keys, through
 * the official SDK's callApi: each gets the answer docs/behaviour.md promises, never a 404 for an unknown action.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { callV3, failure, type Endpoint } from '../support/sdk.js'

describe('cloud-only actions and managed data keys', { timeout: 60_000 }, () => {
  let app: TestApp
  let e: Endpoint
  let instanceId: string
  before(async () => {
    app = await startTestApp()
    e = { endpoint: app.endpoint, ...TEST_AK }
    const list = await callV3(e, 'ListKmsInstances', {})
    instanceId = ((list.body.KmsInstances as { KmsInstance: Array<{ KmsInstanceId: string }> }).KmsInstance[0]!).KmsInstanceId
  })
  after(async () => {
    await app.stop()
  })

  it('ConnectKmsInstance succeeds for this instance and leaves it Connected; another id is not found', async () => {
    const network = { KMProvider: 'Aliyun', VpcId: 'vpc-1', ZoneIds: 'cn-hangzhou-k,cn-hangzhou-j', VSwitchIds: 'vsw-1' }
    const ok = await callV3(e, 'ConnectKmsInstance', { KmsInstanceId: instanceId, ...network })
    assert.equal(ok.statusCode, 200)
    assert.ok(ok.body.RequestId)
    const details = await callV3(e, 'GetKmsInstance', { KmsInstanceId: instanceId })
    assert.equal((details.body.KmsInstance as { Status: string }).Status, 'Connected')
    const other = await failure(callV3(e, 'ConnectKmsInstance', { KmsInstanceId: 'kst-other', ...network }))
    assert.deepEqual([other.code, other.status], ['Forbidden.ResourceNotFound', 404])
    const missing = await failure(callV3(e, 'ConnectKmsInstance', { KmsInstanceId: instanceId, KMProvider: 'Aliyun' }))
    assert.equal(missing.code, 'MissingParameter')
  })

  it('UpdateKmsInstanceBindVpc checks BindVpcs and succeeds for this instance', async () => {
    const bind = JSON.stringify([{ VpcId: 'vpc-2', RegionId: 'cn-hangzhou', VSwitchId: 'vsw-2', VpcOwnerId: 1234 }])
    const ok = await callV3(e, 'UpdateKmsInstanceBindVpc', { KmsInstanceId: instanceId, BindVpcs: bind })
    assert.equal(ok.statusCode, 200)
    const junk = await failure(callV3(e, 'UpdateKmsInstanceBindVpc', { KmsInstanceId: instanceId, BindVpcs: '{"VpcId":1' }))
    assert.deepEqual([junk.code, junk.status], ['InvalidParameter', 400])
    const shape = await failure(callV3(e, 'UpdateKmsInstanceBindVpc', { KmsInstanceId: instanceId, BindVpcs: '[{"RegionId":"x"}]' }))
    assert.equal(shape.code, 'InvalidParameter')
    const other = await failure(callV3(e, 'UpdateKmsInstanceBindVpc', { KmsInstanceId: 'kst-other', BindVpcs: bind }))
    assert.equal(other.code, 'Forbidden.ResourceNotFound')
  })

  it('ReleaseKmsInstance is refused and the instance keeps working', async () => {
    const f = await failure(callV3(e, 'ReleaseKmsInstance', { KmsInstanceId: instanceId, ForceDeleteWithoutBackup: 'true' }))
    assert.deepEqual([f.code, f.status], ['Rejected.UnsupportedOperation', 400])
    const key = await callV3(e, 'CreateKey', {})
    assert.ok((key.body.KeyMetadata as { KeyId: string }).KeyId)
  })

  it('managed data keys: every name is not found, malformed names are InvalidParameter', async () => {
    const get = await failure(callV3(e, 'GetManagedDataKey', { DataKeyName: 'example-data-key', UseLatest: 'true' }))
    assert.deepEqual([get.code, get.status], ['Forbidden.ResourceNotFound', 404])
    const list = await failure(callV3(e, 'ListManagedDataKeyVersions', { DataKeyName: 'example-data-key', PageSize: '5' }))
    assert.deepEqual([list.code, list.status], ['Forbidden.ResourceNotFound', 404])
    const bad = await failure(callV3(e, 'GetManagedDataKey', { DataKeyName: 'a b!' }))
    assert.deepEqual([bad.code, bad.status], ['InvalidParameter', 400])
    const page = await failure(callV3(e, 'ListManagedDataKeyVersions', { DataKeyName: 'k', PageSize: '101' }))
    assert.equal(page.code, 'InvalidParameter')
  })
})
