/** GetKeyPolicy / SetKeyPolicy, OpenKmsService, DescribeService and GetKmsInstanceQuotaInfos through the official SDKs. */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { KMS, kmsClient, callV3, callPop, failure, type Endpoint } from '../support/sdk.js'
import { KEY_SPECS, USAGES_BY_SPEC } from '../../src/domain/key-spec.js'

const policy = (effect: string, principal = 'acs:ram::1234567890123456:user/alice') =>
  JSON.stringify({ Version: '1', Statement: [{ Sid: 's1', Effect: effect, Principal: { RAM: [principal] }, Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: ['*'] }] })

describe('key policy, service description and instance quotas', () => {
  let app: TestApp
  let ep: Endpoint
  before(async () => {
    app = await startTestApp({}, { jobPeriodMs: 0, keyPoolSize: 0 })
    ep = { endpoint: app.endpoint, ...TEST_AK }
  })
  after(async () => app.stop())

  const v3 = async (action: string, query: Record<string, string>) => (await callV3(ep, action, query)).body as Record<string, any>
  const expectFailure = async (p: Promise<unknown>, code: string, status: number) => {
    const f = await failure(p)
    assert.deepEqual([f.code, f.status], [code, status], f.message)
  }

  it('returns the default policy until one is set, then exactly what was set (V3 and pop-core)', async () => {
    const keyId = (await v3('CreateKey', {})).KeyMetadata.KeyId as string
    const initial = JSON.parse((await v3('GetKeyPolicy', { KeyId: keyId })).Policy)
    assert.deepEqual(initial, {
      Version: '1',
      Statement: [
        { Sid: 'kms default key policy', Effect: 'Allow', Principal: { RAM: [`acs:ram::${app.config.accountId}:*`] }, Action: ['kms:*'], Resource: ['*'] },
      ],
    })
    const doc = policy('Deny')
    assert.deepEqual(Object.keys(await v3('SetKeyPolicy', { KeyId: keyId, Policy: doc, PolicyName: 'default' })), ['RequestId'])
    const got = (await callPop(ep, 'GetKeyPolicy', { KeyId: keyId, PolicyName: 'default' })) as Record<string, string>
    assert.equal(got.Policy, doc)
    await v3('CreateAlias', { AliasName: 'alias/policy-test', KeyId: keyId })
    assert.equal((await v3('GetKeyPolicy', { KeyId: 'alias/policy-test' })).Policy, doc)
  })

  it('keeps the Policy given to CreateKey', async () => {
    const doc = policy('Allow')
    const keyId = (await v3('CreateKey', { Policy: doc })).KeyMetadata.KeyId as string
    assert.equal((await v3('GetKeyPolicy', { KeyId: keyId })).Policy, doc)
  })

  it('refuses malformed policies, other policy names, unknown keys and PendingDeletion keys, changing nothing', async () => {
    const keyId = (await v3('CreateKey', {})).KeyMetadata.KeyId as string
    const set = (p: string) => callV3(ep, 'SetKeyPolicy', { KeyId: keyId, Policy: p })
    const bad = [
      'not json',
      '[]',
      JSON.stringify({ Version: '2', Statement: JSON.parse(policy('Allow')).Statement }),
      JSON.stringify({ Version: '1', Statement: [] }),
      policy('Maybe'),
      JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Principal: { RAM: [] }, Action: ['kms:*'], Resource: ['*'] }] }),
      JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Principal: { RAM: ['x'] }, Action: ['ecs:*'], Resource: ['*'] }] }),
      JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Principal: { RAM: ['x'] }, Action: ['kms:*'], Resource: ['key/*'] }] }),
      JSON.stringify({ Version: '1', Statement: JSON.parse(policy('Allow')).Statement, Padding: 'x'.repeat(32768) }),
    ]
    for (const p of bad) await expectFailure(set(p), 'InvalidParameter', 400)
    await expectFailure(callV3(ep, 'SetKeyPolicy', { KeyId: keyId }), 'MissingParameter', 400)
    await expectFailure(callV3(ep, 'SetKeyPolicy', { KeyId: keyId, Policy: policy('Allow'), PolicyName: 'other' }), 'Forbidden.ResourceNotFound', 404)
    await expectFailure(callV3(ep, 'GetKeyPolicy', { KeyId: keyId, PolicyName: 'other' }), 'Forbidden.ResourceNotFound', 404)
    await expectFailure(callV3(ep, 'GetKeyPolicy', { KeyId: 'key-hzznotthere000000000000000' }), 'Forbidden.KeyNotFound', 404)
    await expectFailure(callV3(ep, 'GetKeyPolicy', { KeyId: 'alias/none' }), 'Forbidden.AliasNotFound', 404)
    const unchanged = JSON.parse((await v3('GetKeyPolicy', { KeyId: keyId })).Policy)
    assert.equal(unchanged.Statement[0].Sid, 'kms default key policy')

    await v3('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: '7' })
    await expectFailure(set(policy('Allow')), 'Rejected.PendingDeletion', 409)
    assert.ok((await v3('GetKeyPolicy', { KeyId: keyId })).Policy, 'readable while PendingDeletion')
  })

  it('OpenKmsService succeeds every time (V3 and pop-core) and the account stays Enabled', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await callV3(ep, 'OpenKmsService', {})
      assert.deepEqual(Object.keys(r.body), ['RequestId'])
    }
    await callPop(ep, 'OpenKmsService', {})
    assert.equal((await v3('DescribeAccountKmsStatus', {})).AccountStatus, 'Enabled')
  })

  it('DescribeService (kms20160120 1.2.0) lists SOFTWARE and every key spec with its usages', async () => {
    const r = await kmsClient(ep).describeService(new KMS.DescribeServiceRequest({}))
    assert.deepEqual(r.protectionLevels.protectionLevel.map((p: { type: string }) => p.type), ['SOFTWARE'])
    const specs = r.keySpecs.keySpec as Array<{ name: string; supportedProtectionLevels: { supportedProtectionLevel: string[] }; usages: { usage: string[] } }>
    assert.deepEqual(specs.map((s) => s.name), [...KEY_SPECS])
    for (const s of specs) {
      assert.deepEqual(s.supportedProtectionLevels.supportedProtectionLevel, ['SOFTWARE'])
      assert.deepEqual(s.usages.usage, [...USAGES_BY_SPEC[s.name as keyof typeof USAGES_BY_SPEC]])
    }
    assert.deepEqual(specs.find((s) => s.name === 'EC_P256')?.usages.usage, ['SIGN/VERIFY'])
  })

  it('GetKmsInstanceQuotaInfos: nominal quotas with real key and secret counts', async () => {
    const instanceId = (await v3('GetDefaultKmsInstance', {})).DefaultKmsInstanceId as string
    await v3('CreateSecret', { SecretName: 'quota-secret', VersionId: 'v1', SecretData: 'x' })
    const keys = await app.runtime.store.keys.count()
    assert.ok(keys > 0)
    const all = await v3('GetKmsInstanceQuotaInfos', { KmsInstanceId: instanceId })
    assert.equal(all.KmsInstanceId, instanceId)
    assert.deepEqual(all.KmsInstanceQuotaInfos, [
      { ResourceType: 'key', ResourceQuota: 1_000_000, UsedQuantity: keys },
      { ResourceType: 'secret', ResourceQuota: 1_000_000, UsedQuantity: 1 },
      { ResourceType: 'qps', ResourceQuota: 1000, UsedQuantity: 0 },
      { ResourceType: 'vpc', ResourceQuota: 0, UsedQuantity: 0 },
    ])
    await v3('CreateKey', {})
    const onlyKeys = (await callPop(ep, 'GetKmsInstanceQuotaInfos', { ResourceType: 'key' })) as Record<string, any>
    assert.equal(onlyKeys.KmsInstanceId, instanceId, 'defaults to this instance')
    assert.deepEqual(JSON.parse(JSON.stringify(onlyKeys.KmsInstanceQuotaInfos)), [{ ResourceType: 'key', ResourceQuota: 1_000_000, UsedQuantity: keys + 1 }])
    await expectFailure(callV3(ep, 'GetKmsInstanceQuotaInfos', { KmsInstanceId: 'kst-hzzother' }), 'Forbidden.ResourceNotFound', 404)
    await expectFailure(callV3(ep, 'GetKmsInstanceQuotaInfos', { ResourceType: 'hsm' }), 'InvalidParameter', 400)
  })
})
