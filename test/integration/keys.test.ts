/** Key lifecycle through all three official SDKs, against a real server on real SQLite. */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { KMS, kmsClient, callV3, callPop, failure, type Endpoint } from '../support/sdk.js'

const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

describe('key lifecycle via the official SDKs', () => {
  let app: TestApp
  let ep: Endpoint
  before(async () => {
    app = await startTestApp()
    ep = { endpoint: app.endpoint, ...TEST_AK }
  })
  after(async () => app.stop())

  it('kms20160120 1.2.0 (V1): create, describe, list, update, disable/enable, schedule and cancel deletion', async () => {
    const client = kmsClient(ep)
    const created = await client.createKey(new KMS.CreateKeyRequest({ description: 'first', keySpec: 'Aliyun_AES_256' }))
    const md = created.keyMetadata
    assert.match(md.keyId, /^key-hzz[a-z0-9]{21}$/)
    assert.equal(md.arn, `acs:kms:cn-hangzhou:${app.config.accountId}:key/${md.keyId}`)
    assert.equal(md.keyState, 'Enabled')
    assert.equal(md.keyUsage, 'ENCRYPT/DECRYPT')
    assert.equal(md.origin, 'Aliyun_KMS')
    assert.equal(md.protectionLevel, 'SOFTWARE')
    assert.equal(md.automaticRotation, 'Disabled')
    assert.equal(md.creator, app.config.accountId)
    assert.match(md.creationDate, UTC)
    assert.match(md.primaryKeyVersion, /^[0-9a-f-]{36}$/)
    assert.equal(md.deleteDate, undefined)
    assert.equal(md.nextRotationDate, undefined)

    await client.updateKeyDescription(new KMS.UpdateKeyDescriptionRequest({ keyId: md.keyId, description: 'second' }))
    await client.disableKey(new KMS.DisableKeyRequest({ keyId: md.keyId }))
    let d = await client.describeKey(new KMS.DescribeKeyRequest({ keyId: md.keyId }))
    assert.equal(d.keyMetadata.keyState, 'Disabled')
    assert.equal(d.keyMetadata.description, 'second')
    await client.enableKey(new KMS.EnableKeyRequest({ keyId: md.keyId }))
    await client.scheduleKeyDeletion(new KMS.ScheduleKeyDeletionRequest({ keyId: md.keyId, pendingWindowInDays: 7 }))
    d = await client.describeKey(new KMS.DescribeKeyRequest({ keyId: md.keyId }))
    assert.equal(d.keyMetadata.keyState, 'PendingDeletion')
    const window = Date.parse(d.keyMetadata.deleteDate) - Date.parse(d.keyMetadata.creationDate)
    assert.ok(Math.abs(window - 7 * 86400_000) < 60_000)
    const refused = await failure(client.enableKey(new KMS.EnableKeyRequest({ keyId: md.keyId })))
    assert.equal(refused.code, 'Rejected.StateModifiedFailed')
    assert.equal(refused.status, 409)
    await client.cancelKeyDeletion(new KMS.CancelKeyDeletionRequest({ keyId: md.keyId }))
    d = await client.describeKey(new KMS.DescribeKeyRequest({ keyId: md.keyId }))
    assert.equal(d.keyMetadata.keyState, 'Enabled')
    assert.equal(d.keyMetadata.deleteDate, undefined)

    const list = await client.listKeys(new KMS.ListKeysRequest({ pageNumber: 1, pageSize: 100 }))
    assert.ok(list.keys.key.some((k: { keyId: string }) => k.keyId === md.keyId))
    assert.equal(list.pageNumber, 1)
    assert.equal(list.pageSize, 100)
  })

  it('creates every key spec with the right default usage', async () => {
    const expected: Record<string, string> = {
      Aliyun_AES_256: 'ENCRYPT/DECRYPT',
      Aliyun_AES_128: 'ENCRYPT/DECRYPT',
      Aliyun_AES_192: 'ENCRYPT/DECRYPT',
      Aliyun_SM4: 'ENCRYPT/DECRYPT',
      RSA_2048: 'SIGN/VERIFY',
      RSA_3072: 'SIGN/VERIFY',
      EC_P256: 'SIGN/VERIFY',
      EC_P256K: 'SIGN/VERIFY',
      EC_SM2: 'SIGN/VERIFY',
    }
    await Promise.all(
      Object.entries(expected).map(async ([spec, usage]) => {
        const r = await callV3(ep, 'CreateKey', { KeySpec: spec })
        const md = r.body.KeyMetadata as Record<string, string>
        assert.equal(md.KeySpec, spec)
        assert.equal(md.KeyUsage, usage)
        assert.equal(md.PrimaryKeyVersion === undefined, !spec.startsWith('Aliyun_'), spec)
      }),
    )
    const rsaEncrypt = await callV3(ep, 'CreateKey', { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT/DECRYPT' })
    assert.equal((rsaEncrypt.body.KeyMetadata as Record<string, string>).KeyUsage, 'ENCRYPT/DECRYPT')
  })

  it('openapi-client (V3): rotation, tags, deletion protection, filters', async () => {
    const r = await callV3(ep, 'CreateKey', {
      KeySpec: 'Aliyun_SM4',
      EnableAutomaticRotation: 'true',
      RotationInterval: '7d',
      Tags: JSON.stringify([{ TagKey: 'env', TagValue: 'ci' }]),
      DKMSInstanceId: app.runtime.instanceId,
    })
    assert.equal(r.statusCode, 200)
    const md = r.body.KeyMetadata as Record<string, string>
    assert.equal(md.AutomaticRotation, 'Enabled')
    assert.equal(md.RotationInterval, '604800s')
    assert.equal(Date.parse(md.NextRotationDate) - Date.parse(md.LastRotationDate), 604800_000)
    assert.equal(md.DKMSInstanceId, app.runtime.instanceId)
    assert.equal(typeof r.body.RequestId, 'string')
    assert.equal(r.body.Code, undefined)

    await callV3(ep, 'SetDeletionProtection', { KeyId: md.KeyId as string, EnableDeletionProtection: 'true', DeletionProtectionDescription: 'prod' })
    const d = await callV3(ep, 'DescribeKey', { KeyId: md.Arn as string })
    assert.equal((d.body.KeyMetadata as Record<string, string>).DeletionProtection, 'Enabled')
    assert.equal((d.body.KeyMetadata as Record<string, string>).DeletionProtectionDescription, 'prod')
    const blocked = await failure(callV3(ep, 'ScheduleKeyDeletion', { KeyId: md.KeyId as string, PendingWindowInDays: '7' }))
    assert.equal(blocked.code, 'Rejected.StateModifiedFailed')
    assert.equal(blocked.status, 409)

    const filtered = await callV3(ep, 'ListKeys', {
      Filters: JSON.stringify([
        { Key: 'KeySpec', Values: ['Aliyun_SM4'] },
        { Key: 'TagKey', Values: ['env'] },
      ]),
      PageSize: '100',
    })
    const ids = (filtered.body.Keys as { Key: Array<{ KeyId: string }> }).Key.map((k) => k.KeyId)
    assert.deepEqual(ids, [md.KeyId])
    const none = await callV3(ep, 'ListKeys', { Filters: JSON.stringify([{ Key: 'KeyState', Values: ['PendingImport'] }]) })
    assert.deepEqual(none.body.Keys, { Key: [] })
    assert.equal(none.body.TotalCount, 0)
  })

  it('pop-core (V1) GET and POST', async () => {
    const created = await callPop(ep, 'CreateKey', { KeySpec: 'EC_P256', Description: 'ünïcödé * ( ) ! ~ /' }, 'POST')
    const keyId = (created.KeyMetadata as Record<string, string>).KeyId as string
    const got = await callPop(ep, 'DescribeKey', { KeyId: keyId }, 'GET')
    assert.equal((got.KeyMetadata as Record<string, string>).Description, 'ünïcödé * ( ) ! ~ /')
    const regions = await callPop(ep, 'DescribeRegions', {}, 'GET')
    assert.deepEqual(JSON.parse(JSON.stringify(regions.Regions)), { Region: [{ RegionId: 'cn-hangzhou' }] })
    const status = await callPop(ep, 'DescribeAccountKmsStatus', {}, 'POST')
    assert.equal(status.AccountStatus, 'Enabled')
  })

  it('refuses bad input with Alibaba codes through every SDK', async () => {
    const client = kmsClient(ep)
    const cases: Array<[() => Promise<unknown>, string, number]> = [
      [() => client.describeKey(new KMS.DescribeKeyRequest({})), 'MissingParameter', 400],
      [() => client.describeKey(new KMS.DescribeKeyRequest({ keyId: 'key-nope' })), 'Forbidden.KeyNotFound', 404],
      [() => client.describeKey(new KMS.DescribeKeyRequest({ keyId: 'alias/nope' })), 'Forbidden.AliasNotFound', 404],
      [() => callV3(ep, 'CreateKey', { KeySpec: 'AES_999' }), 'InvalidParameter', 400],
      [() => callV3(ep, 'CreateKey', { KeySpec: 'EC_P256', KeyUsage: 'ENCRYPT/DECRYPT' }), 'InvalidParameter', 400],
      [() => callV3(ep, 'CreateKey', { ProtectionLevel: 'HSM' }), 'Unsupported.ProtectionLevel', 400],
      [() => callV3(ep, 'CreateKey', { EnableAutomaticRotation: 'true' }), 'MissingParameter', 400],
      [() => callV3(ep, 'CreateKey', { EnableAutomaticRotation: 'true', RotationInterval: '6d' }), 'InvalidParameter', 400],
      [() => callV3(ep, 'CreateKey', { Description: 'x'.repeat(8193) }), 'InvalidParameter', 400],
      [() => callV3(ep, 'CreateKey', { Tags: '[{"TagKey":"acs:x","TagValue":"v"}]' }), 'InvalidParameter', 400],
      [() => callV3(ep, 'CreateKey', { Tags: 'not json' }), 'InvalidParameter', 400],
      [() => callV3(ep, 'ListKeys', { PageSize: '101' }), 'InvalidParameter', 400],
      [() => callV3(ep, 'ListKeys', { PageNumber: 'abc' }), 'InvalidParameter', 400],
      [() => callV3(ep, 'ListKeys', { Filters: '[{"Key":"Color","Values":["red"]}]' }), 'InvalidParameter', 400],
      [() => callV3(ep, 'ScheduleKeyDeletion', { KeyId: 'key-x', PendingWindowInDays: '6' }), 'InvalidParameter', 400],
      [() => callV3(ep, 'NoSuchAction', {}), 'InvalidAction.NotFound', 404],
      [() => callPop(ep, 'DescribeKey', { KeyId: 'key-nope' }, 'GET'), 'Forbidden.KeyNotFound', 404],
      [() => callV3({ ...ep, accessKeySecret: 'wrong-secret' }, 'DescribeRegions', {}), 'SignatureDoesNotMatch', 400],
      [() => callV3({ ...ep, accessKeyId: 'LTAIunknown' }, 'DescribeRegions', {}), 'InvalidAccessKeyId.NotFound', 404],
      [() => kmsClient({ ...ep, accessKeySecret: 'wrong-secret' }).describeRegions(new KMS.DescribeRegionsRequest({})), 'SignatureDoesNotMatch', 400],
    ]
    for (const [call, code, status] of cases) {
      const f = await failure(call())
      assert.equal(f.code, code, `${f.message}`)
      if (f.status !== undefined) assert.equal(f.status, status, `${code}: ${f.message}`)
    }
  })

  it('answers raw requests: unknown version, XML format, non-RPC paths', async () => {
    const wrongVersion = await fetch(`${app.url}/?Action=DescribeRegions&Version=2014-01-01`)
    assert.equal(wrongVersion.status, 400)
    assert.equal(((await wrongVersion.json()) as { Code: string }).Code, 'InvalidVersion')
    const noSig = await fetch(`${app.url}/?Action=DescribeRegions&Version=2016-01-20&Format=XML`)
    assert.equal(noSig.status, 400)
    assert.equal(noSig.headers.get('content-type'), 'text/xml;charset=utf-8')
    const xml = await noSig.text()
    assert.match(xml, /<Error><RequestId>[^<]+<\/RequestId><HostId>[^<]+<\/HostId><Code>MissingParameter<\/Code>/)
    const badPercent = await fetch(`${app.url}/?Action=DescribeRegions&Version=2016-01-20&X=%E0%A4%A`)
    assert.equal(badPercent.status, 400)
    const health = await fetch(`${app.url}/healthz`)
    assert.equal(health.status, 200)
    const put = await fetch(`${app.url}/`, { method: 'PUT' })
    assert.equal(put.status, 403)
  })

  it('keeps everything across a restart', async () => {
    const created = await callV3(ep, 'CreateKey', { KeySpec: 'RSA_2048', Description: 'survives' })
    const keyId = (created.body.KeyMetadata as Record<string, string>).KeyId as string
    await app.stop({ keepData: true })
    app = await startTestApp({ dataDir: app.dataDir })
    ep = { endpoint: app.endpoint, ...TEST_AK }
    const d = await callV3(ep, 'DescribeKey', { KeyId: keyId })
    assert.equal((d.body.KeyMetadata as Record<string, string>).Description, 'survives')
  })
})
