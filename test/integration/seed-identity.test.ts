/** Seed files declare RAM identities: applied through the RAM actions, idempotent, and in force at once. */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { call } from '../support/signed-request.js'
import { applySeed, readSeedFile } from '../../src/runtime/seed.js'

const APP = { accessKeyId: 'LTAIseededapp0001', accessKeySecret: 'seeded-app-secret-0001' }
const seed = {
  Policies: [
    {
      PolicyName: 'app-crypto',
      PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:CreateKey'], Resource: '*' }] },
      Description: 'from the seed',
    },
  ],
  Groups: [{ GroupName: 'readers', Policies: ['AliyunKMSReadOnlyAccess'] }],
  Users: [{ UserName: 'app', DisplayName: 'The app', Groups: ['readers'], Policies: ['app-crypto'] }],
  Roles: [
    {
      RoleName: 'ci',
      AssumeRolePolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: ['acs:ram::1234567890123456:user/app'] } }] },
      Policies: [{ PolicyName: 'AliyunKMSFullAccess', PolicyType: 'System' }],
    },
  ],
  AccessKeys: [{ AccessKeyId: APP.accessKeyId, AccessKeySecret: APP.accessKeySecret, UserName: 'app' }],
}

describe('seed files with identities', { timeout: 120_000 }, () => {
  let app: TestApp
  let dir: string
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'openkms-seed-identity-'))
    writeFileSync(join(dir, 'seed.json'), JSON.stringify(seed))
    app = await startTestApp({ seedFile: join(dir, 'seed.json') }, { keyPoolSize: 0 })
  })
  after(async () => {
    await app.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('creates users, groups, policies, roles, attachments and a user AccessKey that acts under its policies', async () => {
    const created = await call(app.endpoint, APP, 'CreateKey', {})
    assert.equal(created.status, 200, JSON.stringify(created.body))
    const keyId = (created.body.KeyMetadata as { KeyId: string }).KeyId
    assert.equal((await call(app.endpoint, APP, 'Encrypt', { KeyId: keyId, Plaintext: 'eA==' })).status, 200)
    assert.equal((await call(app.endpoint, APP, 'DescribeKey', { KeyId: keyId })).status, 200, 'through the group')
    const denied = await call(app.endpoint, APP, 'ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: '7' })
    assert.deepEqual([denied.status, denied.body.Code], [403, 'Forbidden.RAM'])
    const role = await call(app.endpoint, TEST_AK, 'ListPoliciesForRole', { RoleName: 'ci' }, { version: '2015-05-01' })
    assert.deepEqual((role.body.Policies as { Policy: Array<{ PolicyName: string }> }).Policy.map((p) => p.PolicyName), ['AliyunKMSFullAccess'])
  })

  it('applies again without changes, and refuses an AccessKey of an unknown user', async () => {
    const report = await applySeed(app.runtime, readSeedFile(join(dir, 'seed.json')))
    assert.ok(report.existing.includes('user app') && report.existing.includes('policy app-crypto') && report.existing.includes('role ci'))
    assert.ok(report.existing.includes('user app policy app-crypto') && report.existing.includes('user app group readers'))
    await assert.rejects(applySeed(app.runtime, { AccessKeys: [{ AccessKeyId: 'LTAIorphan00001', AccessKeySecret: APP.accessKeySecret, UserName: 'nobody' }] }), /nobody/)
    await assert.rejects(applySeed(app.runtime, { Policies: [{ PolicyName: 'broken', PolicyDocument: '{' }] }), /MalformedPolicyDocument/)
  })
})
