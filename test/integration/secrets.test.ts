/** Secrets Manager through the official SDKs, against a real server on real SQLite (docs/secrets.md). */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { KMS, kmsClient, callV3, callPop, failure, type Endpoint } from '../support/sdk.js'

const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

describe('secrets via the official SDKs', () => {
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
    assert.equal(f.code, code, f.message)
    assert.equal(f.status, status, f.message)
    return f
  }

  it('kms20160120 1.2.0 (V1): create, read, put, stages, describe, list, update, delete, restore', async () => {
    const client = kmsClient(ep)
    const created = await client.createSecret(
      new KMS.CreateSecretRequest({ secretName: 'app/db-password', versionId: 'v1', secretData: 'first', description: 'db', tags: '[{"TagKey":"env","TagValue":"ci"}]' }),
    )
    assert.equal(created.arn, `acs:kms:cn-hangzhou:${app.config.accountId}:secret/app/db-password`)
    assert.equal(created.versionId, 'v1')
    let got = await client.getSecretValue(new KMS.GetSecretValueRequest({ secretName: 'app/db-password' }))
    assert.equal(got.secretData, 'first')
    assert.equal(got.secretDataType, 'text')
    assert.deepEqual(got.versionStages.versionStage, ['ACSCurrent'])
    assert.match(got.createTime, UTC)

    const put = await client.putSecretValue(new KMS.PutSecretValueRequest({ secretName: 'app/db-password', versionId: 'v2', secretData: 'second' }))
    assert.deepEqual(put.versionStages.versionStage, ['ACSCurrent'])
    got = await client.getSecretValue(new KMS.GetSecretValueRequest({ secretName: 'app/db-password', versionStage: 'ACSPrevious' }))
    assert.equal(got.secretData, 'first')
    assert.equal(got.versionId, 'v1')

    await client.putSecretValue(new KMS.PutSecretValueRequest({ secretName: 'app/db-password', versionId: 'v3', secretData: 'next', versionStages: '["ACSNext"]' }))
    got = await client.getSecretValue(new KMS.GetSecretValueRequest({ secretName: 'app/db-password' }))
    assert.equal(got.versionId, 'v2', 'a custom stage leaves ACSCurrent in place')
    await client.updateSecretVersionStage(new KMS.UpdateSecretVersionStageRequest({ secretName: 'app/db-password', versionStage: 'ACSCurrent', moveToVersion: 'v3' }))
    const ids = await client.listSecretVersionIds(new KMS.ListSecretVersionIdsRequest({ secretName: 'app/db-password' }))
    const stagesById = Object.fromEntries(ids.versionIds.versionId.map((v: any) => [v.versionId, v.versionStages.versionStage]))
    assert.deepEqual(stagesById, { v2: ['ACSPrevious'], v3: ['ACSCurrent', 'ACSNext'] })
    assert.equal(ids.totalCount, 2)
    const all = await client.listSecretVersionIds(new KMS.ListSecretVersionIdsRequest({ secretName: 'app/db-password', includeDeprecated: 'true', pageSize: 2, pageNumber: 2 }))
    assert.deepEqual(all.versionIds.versionId.map((v: any) => [v.versionId, v.versionStages.versionStage]), [['v3', ['ACSCurrent', 'ACSNext']]])
    assert.equal(all.totalCount, 3)

    await client.updateSecret(new KMS.UpdateSecretRequest({ secretName: 'app/db-password', description: 'changed' }))
    const d = await client.describeSecret(new KMS.DescribeSecretRequest({ secretName: 'app/db-password', fetchTags: 'true' }))
    assert.equal(d.description, 'changed')
    assert.match(d.encryptionKeyId, /^key-/)
    assert.deepEqual(d.tags.tag.map((t: any) => [t.tagKey, t.tagValue]), [['env', 'ci']])
    assert.equal(d.plannedDeleteTime, undefined)

    const list = await client.listSecrets(new KMS.ListSecretsRequest({ fetchTags: 'true', pageSize: 100 }))
    const entry = list.secretList.secret.find((s: any) => s.secretName === 'app/db-password')
    assert.deepEqual(entry.tags.tag.map((t: any) => t.tagKey), ['env'])

    const deleted = await client.deleteSecret(new KMS.DeleteSecretRequest({ secretName: 'app/db-password', recoveryWindowInDays: '7' }))
    const window = Date.parse(deleted.plannedDeleteTime) - Date.parse(d.createTime)
    assert.ok(Math.abs(window - 7 * 86400_000) < 120_000, String(window))
    await expectFailure(client.getSecretValue(new KMS.GetSecretValueRequest({ secretName: 'app/db-password' })), 'Rejected.ResourceInDeleteWindow', 409)
    await expectFailure(client.putSecretValue(new KMS.PutSecretValueRequest({ secretName: 'app/db-password', versionId: 'v9', secretData: 'x' })), 'Rejected.ResourceInDeleteWindow', 409)
    await expectFailure(client.deleteSecret(new KMS.DeleteSecretRequest({ secretName: 'app/db-password' })), 'Rejected.ResourceInDeleteWindow', 409)
    await expectFailure(client.createSecret(new KMS.CreateSecretRequest({ secretName: 'app/db-password', versionId: 'v1', secretData: 'x' })), 'Rejected.ResourceInDeleteWindow', 409)
    const described = await client.describeSecret(new KMS.DescribeSecretRequest({ secretName: 'app/db-password' }))
    assert.equal(described.plannedDeleteTime, deleted.plannedDeleteTime)
    await client.restoreSecret(new KMS.RestoreSecretRequest({ secretName: 'app/db-password' }))
    got = await client.getSecretValue(new KMS.GetSecretValueRequest({ secretName: 'app/db-password' }))
    assert.equal(got.secretData, 'next')
  })

  it('GetRandomPassword honours every option (checked on the output)', async () => {
    const client = kmsClient(ep)
    const punctuation = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'
    const def = (await client.getRandomPassword(new KMS.GetRandomPasswordRequest({}))).randomPassword as string
    assert.equal(def.length, 32)
    for (let i = 0; i < 20; i++) {
      const pw = (await client.getRandomPassword(new KMS.GetRandomPasswordRequest({ passwordLength: '8' }))).randomPassword as string
      assert.equal(pw.length, 8)
      for (const cls of [/[a-z]/, /[A-Z]/, /[0-9]/]) assert.match(pw, cls, 'RequireEachIncludedType defaults to true')
      assert.ok([...pw].some((c) => punctuation.includes(c)), pw)
    }
    const digitsOnly = await callPop(ep, 'GetRandomPassword', {
      PasswordLength: '128',
      ExcludeLowercase: 'true',
      ExcludeUppercase: 'true',
      ExcludePunctuation: 'true',
      ExcludeCharacters: '0123',
    })
    assert.match(digitsOnly.RandomPassword as string, /^[4-9]{128}$/)
    const noPunct = await v3('GetRandomPassword', { PasswordLength: '64', ExcludePunctuation: 'true', ExcludeCharacters: 'aeiouAEIOU', RequireEachIncludedType: 'false' })
    assert.match(noPunct.RandomPassword, /^[b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z0-9]{64}$/)
    await expectFailure(callV3(ep, 'GetRandomPassword', { PasswordLength: '7' }), 'InvalidParameter', 400)
    await expectFailure(callV3(ep, 'GetRandomPassword', { PasswordLength: '129' }), 'InvalidParameter', 400)
    await expectFailure(callV3(ep, 'GetRandomPassword', { ExcludeNumbers: 'yes' }), 'InvalidParameter', 400)
    await expectFailure(
      callV3(ep, 'GetRandomPassword', { ExcludeLowercase: 'true', ExcludeUppercase: 'true', ExcludePunctuation: 'true', ExcludeNumbers: 'true' }),
      'InvalidParameter',
      400,
    )
  })

  it('openapi-client (V3): binary values, BatchGetSecretValue, policies, tags, filters, force delete', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 0])
    await v3('CreateSecret', { SecretName: 'bin', VersionId: 'b1', SecretData: bytes.toString('base64'), SecretDataType: 'binary', Description: 'Binary Thing' })
    const got = await v3('GetSecretValue', { SecretName: `acs:kms:cn-hangzhou:${app.config.accountId}:secret/bin` })
    assert.equal(got.SecretDataType, 'binary')
    assert.deepEqual(Buffer.from(got.SecretData, 'base64'), bytes)

    const batch = await v3('BatchGetSecretValue', {
      SecretsList: JSON.stringify([{ SecretName: 'bin' }, { SecretName: 'missing' }, { SecretName: 'bin', VersionStage: 'Nope' }, { SecretName: 'bin', VersionId: 'b1', FetchExtendedConfig: 'true' }]),
    })
    assert.deepEqual(batch.SecretValues.map((v: any) => [v.SecretName, v.VersionId, v.VersionStages.VersionStage]), [['bin', 'b1', ['ACSCurrent']], ['bin', 'b1', ['ACSCurrent']]])
    assert.equal(batch.SecretValues[0].RequestId, batch.RequestId)
    assert.deepEqual(batch.Errors.map((e: any) => [e.SecretName, e.Code, e.HttpStatus]), [['missing', 'Forbidden.ResourceNotFound', 404], ['bin', 'Forbidden.ResourceNotFound', 404]])

    const policy = await v3('GetSecretPolicy', { SecretName: 'bin' })
    assert.equal(JSON.parse(policy.Policy).Statement[0].Principal.RAM[0], `acs:ram::${app.config.accountId}:*`)
    const mine = JSON.stringify({ Version: '1', Statement: [{ Sid: 'ops', Effect: 'Deny', Principal: { RAM: ['acs:ram::1:role/x'] }, Action: ['kms:GetSecretValue'], Resource: ['*'] }] })
    await v3('SetSecretPolicy', { SecretName: 'bin', Policy: mine })
    assert.equal((await v3('GetSecretPolicy', { SecretName: 'bin', PolicyName: 'default' })).Policy, mine)
    await expectFailure(callV3(ep, 'GetSecretPolicy', { SecretName: 'bin', PolicyName: 'other' }), 'Forbidden.ResourceNotFound', 404)
    await expectFailure(callV3(ep, 'SetSecretPolicy', { SecretName: 'bin', Policy: '{"Version":"2","Statement":[]}' }), 'InvalidParameter', 400)
    await expectFailure(callV3(ep, 'SetSecretPolicy', { SecretName: 'bin', Policy: 'x'.repeat(32769) }), 'InvalidParameter', 400)

    await v3('TagResource', { SecretName: 'bin', Tags: '[{"TagKey":"team","TagValue":"pay"}]' })
    const tags = await callPop(ep, 'ListResourceTags', { SecretName: 'bin' })
    assert.deepEqual(JSON.parse(JSON.stringify(tags.Tags)).Tag.map((t: any) => t.TagKey), ['team'])
    const byTag = await v3('ListSecrets', { Filters: '[{"Key":"TagKey","Values":["team"]},{"Key":"Description","Values":["binary"]}]' })
    assert.deepEqual(byTag.SecretList.Secret.map((s: any) => s.SecretName), ['bin'])
    const byType = await v3('ListSecrets', { Filters: '[{"Key":"SecretType","Values":["RDS"]}]' })
    assert.deepEqual(byType.SecretList, { Secret: [] })
    await v3('UntagResource', { SecretName: 'bin', TagKeys: '["team"]' })
    await expectFailure(callV3(ep, 'TagResource', { SecretName: 'nope', Tags: '[{"TagKey":"a","TagValue":"b"}]' }), 'Forbidden.ResourceNotFound', 404)

    const forced = await v3('DeleteSecret', { SecretName: 'bin', ForceDeleteWithoutRecovery: 'true' })
    assert.match(forced.PlannedDeleteTime, UTC)
    await expectFailure(callV3(ep, 'DescribeSecret', { SecretName: 'bin' }), 'Forbidden.ResourceNotFound', 404)
    assert.deepEqual(await app.runtime.store.tags.list('secret', 'bin'), [])
    await v3('CreateSecret', { SecretName: 'bin', VersionId: 'again', SecretData: 'reuse of a purged name' })
  })

  it('write-once versions: same VersionId with the same data replays, with other data is refused', async () => {
    await v3('CreateSecret', { SecretName: 'once', VersionId: 'v1', SecretData: 'a' })
    const again = await v3('PutSecretValue', { SecretName: 'once', VersionId: 'v1', SecretData: 'a' })
    assert.deepEqual(again.VersionStages.VersionStage, ['ACSCurrent'])
    await expectFailure(callV3(ep, 'PutSecretValue', { SecretName: 'once', VersionId: 'v1', SecretData: 'b' }), 'Rejected.ResourceExist', 409)
    await expectFailure(callV3(ep, 'PutSecretValue', { SecretName: 'once', VersionId: 'v1', SecretData: 'YQ==', SecretDataType: 'binary' }), 'Rejected.ResourceExist', 409)
    await expectFailure(callV3(ep, 'CreateSecret', { SecretName: 'once', VersionId: 'v1', SecretData: 'a' }), 'Rejected.ResourceExist', 409)
    const ids = await v3('ListSecretVersionIds', { SecretName: 'once', IncludeDeprecated: 'true' })
    assert.equal(ids.TotalCount, 1)
  })

  it('refuses hostile input with exact codes and leaves nothing half-written', async () => {
    await v3('CreateSecret', { SecretName: 'target', VersionId: 'v1', SecretData: 'x' })
    const cases: Array<[string, Record<string, string>, string, number]> = [
      ['CreateSecret', { VersionId: 'v1', SecretData: 'x' }, 'MissingParameter', 400],
      ['CreateSecret', { SecretName: 'a'.repeat(193), VersionId: 'v1', SecretData: 'x' }, 'InvalidParameter', 400],
      ['CreateSecret', { SecretName: 'bad name!', VersionId: 'v1', SecretData: 'x' }, 'InvalidParameter', 400],
      ['CreateSecret', { SecretName: 'acs/mine', VersionId: 'v1', SecretData: 'x' }, 'InvalidParameter', 400],
      ['CreateSecret', { SecretName: 'h1', VersionId: 'v'.repeat(65), SecretData: 'x' }, 'InvalidParameter', 400],
      ['CreateSecret', { SecretName: 'h1', VersionId: 'has space', SecretData: 'x' }, 'InvalidParameter', 400],
      ['CreateSecret', { SecretName: 'h1', VersionId: 'v1', SecretData: 'not base64!', SecretDataType: 'binary' }, 'InvalidParameter', 400],
      ['CreateSecret', { SecretName: 'h1', VersionId: 'v1', SecretData: 'x', SecretDataType: 'hex' }, 'InvalidParameter', 400],
      ['CreateSecret', { SecretName: 'h1', VersionId: 'v1', SecretData: 'x', SecretType: 'Vault' }, 'InvalidParameter', 400],
      ['CreateSecret', { SecretName: 'h1', VersionId: 'v1', SecretData: 'x', SecretType: 'Rds' }, 'MissingParameter', 400],
      ['CreateSecret', { SecretName: 'h1', VersionId: 'v1', SecretData: 'x', SecretType: 'Rds', ExtendedConfig: '{"SecretSubType":"SingleUser"' }, 'InvalidParameter', 400],
      ['CreateSecret', { SecretName: 'h1', VersionId: 'v1', SecretData: 'x', SecretType: 'Rds', ExtendedConfig: '["SingleUser"]' }, 'InvalidParameter', 400],
      ['CreateSecret', { SecretName: 'h1', VersionId: 'v1', SecretData: 'x', ExtendedConfig: 'x'.repeat(1025) }, 'InvalidParameter', 400],
      ['CreateSecret', { SecretName: 'h1', VersionId: 'v1', SecretData: 'x', EnableAutomaticRotation: 'true', RotationInterval: '7d' }, 'Rejected.UnsupportedOperation', 400],
      ['CreateSecret', { SecretName: 'h1', VersionId: 'v1', SecretData: 'x', Tags: '[{"TagKey":"aliyun-x","TagValue":"v"}]' }, 'InvalidParameter', 400],
      ['CreateSecret', { SecretName: 'h1', VersionId: 'v1', SecretData: 'x', Policy: '{"Version":"1"}' }, 'InvalidParameter', 400],
      ['CreateSecret', { SecretName: 'h1', VersionId: 'v1', SecretData: 'x', EncryptionKeyId: 'key-missing' }, 'Forbidden.KeyNotFound', 404],
      ['PutSecretValue', { SecretName: 'target', VersionId: 'v2', SecretData: 'x', VersionStages: 'ACSCurrent' }, 'InvalidParameter', 400],
      ['PutSecretValue', { SecretName: 'target', VersionId: 'v2', SecretData: 'x', VersionStages: '[1]' }, 'InvalidParameter', 400],
      ['PutSecretValue', { SecretName: 'target', VersionId: 'v2', SecretData: 'x', VersionStages: '[]' }, 'InvalidParameter', 400],
      ['PutSecretValue', { SecretName: 'target', VersionId: 'v2', SecretData: 'x', VersionStages: '["ACSPrevious"]' }, 'InvalidParameter', 400],
      ['PutSecretValue', { SecretName: 'target', VersionId: 'v2', SecretData: 'x', VersionStages: '["a b"]' }, 'InvalidParameter', 400],
      ['PutSecretValue', { SecretName: 'missing', VersionId: 'v2', SecretData: 'x' }, 'Forbidden.ResourceNotFound', 404],
      ['PutSecretValue', { SecretName: 'acs:kms:cn-beijing:1:secret/target', VersionId: 'v2', SecretData: 'x' }, 'Forbidden.ResourceNotFound', 404],
      ['UpdateSecretVersionStage', { SecretName: 'target', VersionStage: 'ACSCurrent', RemoveFromVersion: 'v1' }, 'InvalidParameter', 400],
      ['UpdateSecretVersionStage', { SecretName: 'target', VersionStage: 'ACSPrevious', MoveToVersion: 'v1' }, 'InvalidParameter', 400],
      ['UpdateSecretVersionStage', { SecretName: 'target', VersionStage: 'Custom' }, 'MissingParameter', 400],
      ['UpdateSecretVersionStage', { SecretName: 'target', VersionStage: 'Custom', RemoveFromVersion: 'v1' }, 'InvalidParameter', 400],
      ['UpdateSecretVersionStage', { SecretName: 'target', VersionStage: 'ACSCurrent', MoveToVersion: 'v9' }, 'Forbidden.ResourceNotFound', 404],
      ['UpdateSecret', { SecretName: 'target', 'ExtendedConfig.CustomData': '{"a":"b"}' }, 'InvalidParameter', 400],
      ['UpdateSecret', { SecretName: 'target', 'ExtendedConfig.CustomData': '{bad json' }, 'InvalidParameter', 400],
      ['GetSecretValue', { SecretName: 'target', VersionId: 'v9' }, 'Forbidden.ResourceNotFound', 404],
      ['GetSecretValue', { SecretName: 'target', VersionId: 'v1', VersionStage: 'ACSPrevious' }, 'Forbidden.ResourceNotFound', 404],
      ['GetSecretValue', { SecretName: 'target', DryRun: 'true' }, 'DryRunOperationError', 400],
      ['BatchGetSecretValue', { SecretsList: '{"SecretName":"target"}' }, 'InvalidParameter', 400],
      ['BatchGetSecretValue', { SecretsList: '[]' }, 'InvalidParameter', 400],
      ['BatchGetSecretValue', { SecretsList: JSON.stringify(Array.from({ length: 21 }, () => ({ SecretName: 'target' }))) }, 'InvalidParameter', 400],
      ['BatchGetSecretValue', { SecretsList: '[{"VersionId":"v1"}]' }, 'InvalidParameter', 400],
      ['ListSecrets', { Filters: '[{"Key":"Owner","Values":["x"]}]' }, 'InvalidParameter', 400],
      ['ListSecrets', { Filters: '{"Key":"SecretName"}' }, 'InvalidParameter', 400],
      ['ListSecrets', { Filters: '[{"Key":"SecretName","Values":"x"}]' }, 'InvalidParameter', 400],
      ['DeleteSecret', { SecretName: 'target', RecoveryWindowInDays: '6' }, 'InvalidParameter', 400],
      ['DeleteSecret', { SecretName: 'target', RecoveryWindowInDays: '31' }, 'InvalidParameter', 400],
      ['RotateSecret', { SecretName: 'target', VersionId: 'r1' }, 'Rejected.UnsupportedOperation', 400],
      ['UpdateSecretRotationPolicy', { SecretName: 'target', EnableAutomaticRotation: 'true', RotationInterval: '7d' }, 'Rejected.UnsupportedOperation', 400],
      ['RestoreSecret', { SecretName: 'missing' }, 'Forbidden.ResourceNotFound', 404],
    ]
    for (const [action, query, code, status] of cases) {
      const f = await failure(callV3(ep, action, query))
      assert.deepEqual([f.code, f.status], [code, status], `${action} ${JSON.stringify(query).slice(0, 200)}: ${f.message}`)
    }
    const names = (await v3('ListSecrets', { PageSize: '100' })).SecretList.Secret.map((s: any) => s.SecretName)
    assert.ok(!names.includes('h1'), 'no refused CreateSecret left a secret behind')
    const versions = await v3('ListSecretVersionIds', { SecretName: 'target', IncludeDeprecated: 'true' })
    assert.deepEqual(versions.VersionIds.VersionId.map((v: any) => [v.VersionId, v.VersionStages.VersionStage]), [['v1', ['ACSCurrent']]])
  })

  it('SecretData is limited to 30720 bytes, measured on the parameter as sent (V1 query string and POST form)', async () => {
    const max = 'é'.repeat(15360)
    const client = kmsClient(ep)
    await client.createSecret(new KMS.CreateSecretRequest({ secretName: 'big', versionId: 'v1', secretData: max }))
    assert.equal((await client.getSecretValue(new KMS.GetSecretValueRequest({ secretName: 'big' }))).secretData, max)
    const over = await failure(callPop(ep, 'PutSecretValue', { SecretName: 'big', VersionId: 'v2', SecretData: `${max}x` }, 'POST'))
    assert.equal(over.code, 'InvalidParameter')
    const binaryOver = await failure(
      callPop(ep, 'PutSecretValue', { SecretName: 'big', VersionId: 'v2', SecretData: Buffer.alloc(23041).toString('base64'), SecretDataType: 'binary' }, 'POST'),
    )
    assert.equal(binaryOver.code, 'InvalidParameter')
    assert.equal((await v3('ListSecretVersionIds', { SecretName: 'big', IncludeDeprecated: 'true' })).TotalCount, 1)
  })
})
