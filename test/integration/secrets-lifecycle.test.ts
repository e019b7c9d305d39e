/**
 * Time-driven secret behaviour with an injected ManualClock: the purge after the recovery window and the
 * rotation of managed secrets (RotateSecret, UpdateSecretRotationPolicy, scheduled rotation). Requests are
 * signed with real time, so the clock is moved forward only around `jobs.runDue()` and set back afterwards.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { callV3, failure, type Endpoint } from '../support/sdk.js'
import { ManualClock } from '../../src/domain/clock.js'
import { DAY, SECOND } from '../../src/domain/time.js'

describe('secret lifecycle over time', () => {
  let app: TestApp
  let ep: Endpoint
  const clock = new ManualClock(Date.now())
  before(async () => {
    app = await startTestApp({}, { jobPeriodMs: 0, keyPoolSize: 0, clock })
    ep = { endpoint: app.endpoint, ...TEST_AK }
  })
  after(async () => app.stop())

  const v3 = async (action: string, query: Record<string, string>) => (await callV3(ep, action, query)).body as Record<string, any>
  const expectFailure = async (p: Promise<unknown>, code: string, status: number) => {
    const f = await failure(p)
    assert.deepEqual([f.code, f.status], [code, status], f.message)
  }
  /** Runs a scheduler pass `ms` in the future, then returns the clock to the present for signed requests. */
  async function passAfter(ms: number): Promise<Record<string, unknown>> {
    const start = Date.now()
    clock.set(start + ms)
    try {
      return await app.jobs.runDue()
    } finally {
      clock.set(Date.now())
    }
  }

  it('purges a secret once its recovery window has passed, not before, and not when restored', async () => {
    clock.set(Date.now())
    for (const name of ['p7', 'p30', 'restored']) await v3('CreateSecret', { SecretName: name, VersionId: 'v1', SecretData: name, Tags: '[{"TagKey":"k","TagValue":"v"}]' })
    await v3('DeleteSecret', { SecretName: 'p7', RecoveryWindowInDays: '7' })
    await v3('DeleteSecret', { SecretName: 'p30' })
    await v3('DeleteSecret', { SecretName: 'restored', RecoveryWindowInDays: '7' })
    await v3('RestoreSecret', { SecretName: 'restored' })
    const store = app.runtime.store

    await passAfter(7 * DAY - 60 * SECOND)
    assert.ok(await store.secrets.get('p7'), 'still inside the window')
    const result = (await passAfter(7 * DAY + 60 * SECOND))['purge-secrets'] as { done: number }
    assert.equal(result.done, 1)
    assert.equal(await store.secrets.get('p7'), undefined)
    assert.deepEqual(await store.secretVersions.list('p7'), [])
    assert.deepEqual(await store.tags.list('secret', 'p7'), [])
    assert.ok(await store.secrets.get('p30'), 'the default window is 30 days')
    assert.ok(await store.secrets.get('restored'))
    await passAfter(30 * DAY + 60 * SECOND)
    assert.equal(await store.secrets.get('p30'), undefined)
    assert.equal((await v3('GetSecretValue', { SecretName: 'restored' })).SecretData, 'restored')

    await expectFailure(callV3(ep, 'DescribeSecret', { SecretName: 'p7' }), 'Forbidden.ResourceNotFound', 404)
    await v3('CreateSecret', { SecretName: 'p7', VersionId: 'again', SecretData: 'new life' })
    assert.equal((await v3('GetSecretValue', { SecretName: 'p7' })).VersionId, 'again')
  })

  it('Rds secrets: managed value shape, no PutSecretValue, RotateSecret idempotent on VersionId', async () => {
    const created = await v3('CreateSecret', {
      SecretName: 'rds/app',
      SecretType: 'Rds',
      VersionId: 'v1',
      SecretData: JSON.stringify({ Accounts: [{ AccountName: 'app', AccountPassword: 'initial-pw' }] }),
      ExtendedConfig: JSON.stringify({ SecretSubType: 'SingleUser', DBInstanceId: 'rm-1' }),
      EnableAutomaticRotation: 'true',
      RotationInterval: '1d',
    })
    assert.deepEqual([created.SecretType, created.AutomaticRotation, created.RotationInterval], ['Rds', 'Enabled', '86400s'])
    assert.deepEqual(JSON.parse(created.ExtendedConfig), { SecretSubType: 'SingleUser', DBInstanceId: 'rm-1', CustomData: {} })
    const first = await v3('GetSecretValue', { SecretName: 'rds/app', FetchExtendedConfig: 'true', VersionId: 'ignored' })
    assert.deepEqual(JSON.parse(first.SecretData), { AccountName: 'app', AccountPassword: 'initial-pw' })
    assert.equal(first.AutomaticRotation, 'Enabled')
    assert.ok(first.ExtendedConfig)
    await expectFailure(callV3(ep, 'PutSecretValue', { SecretName: 'rds/app', VersionId: 'v2', SecretData: 'x' }), 'Rejected.UnsupportedOperation', 400)
    await expectFailure(callV3(ep, 'GetSecretValue', { SecretName: 'rds/app', VersionStage: 'Custom' }), 'InvalidParameter', 400)
    await expectFailure(callV3(ep, 'UpdateSecretVersionStage', { SecretName: 'rds/app', VersionStage: 'ACSCurrent', MoveToVersion: 'v1' }), 'Rejected.UnsupportedOperation', 400)

    const rotated = await v3('RotateSecret', { SecretName: 'rds/app', VersionId: 'r1' })
    assert.deepEqual([rotated.VersionId, rotated.Arn], ['r1', `acs:kms:cn-hangzhou:${app.config.accountId}:secret/rds/app`])
    const now = JSON.parse((await v3('GetSecretValue', { SecretName: 'rds/app' })).SecretData)
    assert.equal(now.AccountName, 'app')
    assert.equal(now.AccountPassword.length, 32)
    assert.notEqual(now.AccountPassword, 'initial-pw')
    assert.equal(JSON.parse((await v3('GetSecretValue', { SecretName: 'rds/app', VersionStage: 'ACSPrevious' })).SecretData).AccountPassword, 'initial-pw')
    await v3('RotateSecret', { SecretName: 'rds/app', VersionId: 'r1' })
    assert.equal(JSON.parse((await v3('GetSecretValue', { SecretName: 'rds/app' })).SecretData).AccountPassword, now.AccountPassword)
    const described = await v3('DescribeSecret', { SecretName: 'rds/app' })
    assert.ok(described.LastRotationDate && described.NextRotationDate)

    await v3('UpdateSecret', { SecretName: 'rds/app', 'ExtendedConfig.CustomData': '{"DBName":"app1"}' })
    assert.deepEqual(JSON.parse((await v3('DescribeSecret', { SecretName: 'rds/app' })).ExtendedConfig).CustomData, { DBName: 'app1' })
    await v3('UpdateSecret', { SecretName: 'rds/app', 'ExtendedConfig.CustomData.Port': '3306' })
    assert.deepEqual(JSON.parse((await v3('DescribeSecret', { SecretName: 'rds/app' })).ExtendedConfig).CustomData, { Port: '3306' })
  })

  it('rotates due managed secrets on schedule; the policy can be changed or turned off', async () => {
    await v3('CreateSecret', {
      SecretName: 'redis/cache',
      SecretType: 'Redis',
      VersionId: 'v1',
      SecretData: '$Auto',
      ExtendedConfig: JSON.stringify({ SecretSubType: 'DoubleUsers', AccountName: 'u', CloneAccountName: 'u_clone', AccountPrivilege: 'RoleReadWrite', InstanceId: 'r-1', RegionId: 'cn-hangzhou' }),
    })
    const initial = JSON.parse((await v3('GetSecretValue', { SecretName: 'redis/cache' })).SecretData)
    assert.equal(initial.AccountName, 'u')
    assert.equal(initial.AccountPassword.length, 32)
    assert.equal((await v3('DescribeSecret', { SecretName: 'redis/cache' })).AutomaticRotation, 'Disabled')
    await expectFailure(callV3(ep, 'UpdateSecretRotationPolicy', { SecretName: 'redis/cache', EnableAutomaticRotation: 'true', RotationInterval: '5h' }), 'InvalidParameter', 400)
    await expectFailure(callV3(ep, 'UpdateSecretRotationPolicy', { SecretName: 'redis/cache', EnableAutomaticRotation: 'true' }), 'MissingParameter', 400)
    await v3('UpdateSecretRotationPolicy', { SecretName: 'redis/cache', EnableAutomaticRotation: 'true', RotationInterval: '6h' })
    const policy = await v3('DescribeSecret', { SecretName: 'redis/cache' })
    assert.deepEqual([policy.AutomaticRotation, policy.RotationInterval], ['Enabled', '21600s'])

    await passAfter(6 * 3600 * SECOND + 60 * SECOND)
    const after = JSON.parse((await v3('GetSecretValue', { SecretName: 'redis/cache' })).SecretData)
    assert.equal(after.AccountName, 'u_clone', 'double-user secrets switch accounts on rotation')
    assert.notEqual(after.AccountPassword, initial.AccountPassword)
    const versions = (await v3('ListSecretVersionIds', { SecretName: 'redis/cache' })).VersionIds.VersionId
    assert.equal(versions.length, 2)
    assert.match(versions[1].VersionId, /^scheduled-\d+$/)
    assert.ok(Date.parse((await v3('DescribeSecret', { SecretName: 'redis/cache' })).NextRotationDate) > Date.now() + 12 * 3600 * SECOND)

    await v3('UpdateSecretRotationPolicy', { SecretName: 'redis/cache', EnableAutomaticRotation: 'false' })
    const off = await v3('DescribeSecret', { SecretName: 'redis/cache' })
    assert.deepEqual([off.AutomaticRotation, off.RotationInterval, off.NextRotationDate], ['Disabled', undefined, undefined])
    await passAfter(30 * DAY)
    assert.equal((await v3('ListSecretVersionIds', { SecretName: 'redis/cache', IncludeDeprecated: 'true' })).TotalCount, 2)
  })

  it('RAM and ECS secrets: generated names, new AccessKeys on rotation, SSH keys refused', async () => {
    const ram = await v3('CreateSecret', {
      SecretName: '$Auto',
      SecretType: 'RAMCredentials',
      VersionId: 'v1',
      SecretData: JSON.stringify({ AccessKeys: [{ AccessKeyId: 'LTAIold', AccessKeySecret: 'old-secret' }] }),
      ExtendedConfig: JSON.stringify({ SecretSubType: 'RamUserAccessKey', UserName: 'ops' }),
    })
    assert.equal(ram.SecretName, 'acs/ram/user/ops')
    await v3('RotateSecret', { SecretName: 'acs/ram/user/ops', VersionId: 'r1' })
    const key = JSON.parse((await v3('GetSecretValue', { SecretName: 'acs/ram/user/ops' })).SecretData)
    assert.match(key.AccessKeyId, /^LTAI/)
    assert.notEqual(key.AccessKeyId, 'LTAIold')
    assert.match(key.GenerateTimestamp, /Z$/)

    const ecs = { SecretType: 'ECS', VersionId: 'v1', ExtendedConfig: JSON.stringify({ SecretSubType: 'SSHKey', RegionId: 'cn-hangzhou', InstanceId: 'i-1' }) }
    const ssh = JSON.stringify({ UserName: 'root', PublicKey: 'ssh-ed25519 AAAA', PrivateKey: '-----BEGIN-----' })
    await expectFailure(callV3(ep, 'CreateSecret', { ...ecs, SecretName: 'ecs-host', SecretData: ssh }), 'InvalidParameter', 400)
    await v3('CreateSecret', { ...ecs, SecretName: 'acs/ecs/host', SecretData: ssh })
    await expectFailure(callV3(ep, 'RotateSecret', { SecretName: 'acs/ecs/host', VersionId: 'r1' }), 'Rejected.UnsupportedOperation', 400)
    await expectFailure(
      callV3(ep, 'CreateSecret', { ...ecs, SecretName: 'acs/ecs/other', SecretData: '{"UserName":"root"}' }),
      'InvalidParameter',
      400,
    )
    await expectFailure(
      callV3(ep, 'CreateSecret', { SecretName: 'poly', SecretType: 'PolarDB', VersionId: 'v1', SecretData: 'not-auto', ExtendedConfig: '{"SecretSubType":"DoubleUsers","RegionId":"r","DBClusterId":"c","DBType":"MySQL","AccountName":"a"}' }),
      'InvalidParameter',
      400,
    )
  })
})
