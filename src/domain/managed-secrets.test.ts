import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { KmsError } from './errors.js'
import { initialManagedValue, managedSecretName, rotatedManagedValue, validateExtendedConfig, withCustomData } from './managed-secrets.js'
import { decodeSecretData, parseSecretReference, validateSecretName } from './secret-rules.js'

const fresh = { password: () => 'P'.repeat(32), accessKey: () => ({ accessKeyId: 'LTAInew', accessKeySecret: 'new' }), now: () => '2026-01-01T00:00:00Z' }
const code = (fn: () => unknown) => {
  try {
    fn()
  } catch (e) {
    return (e as KmsError).code
  }
  return 'no error'
}

describe('secret rules', () => {
  it('checks names per type', () => {
    validateSecretName('a/b+c=d.e@f-g_h', 'Generic')
    validateSecretName('acs/ecs/host', 'ECS')
    validateSecretName('acs/ram/user/ops', 'RAMCredentials')
    for (const [name, type] of [['acs/x', 'Generic'], ['acs/x', 'Rds'], ['host', 'ECS'], ['x y', 'Generic'], ['é', 'Generic'], ['a'.repeat(193), 'Generic']] as const)
      assert.equal(code(() => validateSecretName(name, type)), 'InvalidParameter', name)
  })

  it('decodes values and limits the parameter to 30720 bytes', () => {
    assert.deepEqual(decodeSecretData('AAEC', 'binary'), Buffer.from([0, 1, 2]))
    assert.equal(decodeSecretData('x'.repeat(30720), 'text').length, 30720)
    for (const [v, t] of [['x'.repeat(30721), 'text'], ['AAE', 'binary'], ['AA EC', 'binary'], ['', 'binary']] as const)
      assert.equal(code(() => decodeSecretData(v, t)), 'InvalidParameter', v.slice(0, 8))
  })

  it('reads names and ARNs of this region and account only', () => {
    const scope = { region: 'cn-hangzhou', accountId: '42' }
    assert.equal(parseSecretReference('a/b', scope), 'a/b')
    assert.equal(parseSecretReference('acs:kms:cn-hangzhou:42:secret/a/b', scope), 'a/b')
    assert.equal(parseSecretReference('acs:kms:cn-beijing:42:secret/a', scope), undefined)
    assert.equal(parseSecretReference('acs:kms:cn-hangzhou:42:key/a', scope), undefined)
  })
})

describe('managed secrets', () => {
  const redis = { SecretSubType: 'DoubleUsers', AccountName: 'u', CloneAccountName: 'u_clone', AccountPrivilege: 'RoleReadWrite', InstanceId: 'r', RegionId: 'cn' }

  it('requires the documented ExtendedConfig fields and canonicalises CustomData', () => {
    assert.deepEqual(JSON.parse(validateExtendedConfig('Rds', { SecretSubType: 'SingleUser', DBInstanceId: 'rm' })), { SecretSubType: 'SingleUser', DBInstanceId: 'rm', CustomData: {} })
    assert.equal(code(() => validateExtendedConfig('Rds', undefined)), 'MissingParameter')
    assert.equal(code(() => validateExtendedConfig('Rds', { SecretSubType: 'Triple', DBInstanceId: 'rm' })), 'InvalidParameter')
    assert.equal(code(() => validateExtendedConfig('Redis', { ...redis, InstanceId: '' })), 'InvalidParameter')
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']))
    assert.equal(code(() => validateExtendedConfig('Rds', { SecretSubType: 'SingleUser', DBInstanceId: 'rm', CustomData: eleven })), 'InvalidParameter')
    assert.equal(code(() => withCustomData('{"SecretSubType":"SingleUser"}', { big: 'x'.repeat(1024) })), 'InvalidParameter')
  })

  it('names RAM secrets after the user and builds initial values per type', () => {
    assert.equal(managedSecretName('RAMCredentials', '$Auto', { UserName: 'ops' }), 'acs/ram/user/ops')
    assert.equal(code(() => managedSecretName('RAMCredentials', 'mine', { UserName: 'ops' })), 'InvalidParameter')
    assert.deepEqual(JSON.parse(initialManagedValue('Redis', redis, '$Auto', fresh)), { AccountName: 'u', AccountPassword: 'P'.repeat(32) })
    assert.equal(code(() => initialManagedValue('Redis', redis, 'pw', fresh)), 'InvalidParameter')
    assert.equal(code(() => initialManagedValue('Rds', {}, '{"Accounts":[]}', fresh)), 'InvalidParameter')
    const ram = initialManagedValue('RAMCredentials', {}, '{"AccessKeys":[{"AccessKeyId":"a","AccessKeySecret":"s"}]}', fresh)
    assert.deepEqual(JSON.parse(ram), { AccessKeyId: 'a', AccessKeySecret: 's', GenerateTimestamp: '2026-01-01T00:00:00Z' })
  })

  it('rotates: double users alternate accounts, RAM gets a new AccessKey, SSH keys are refused', () => {
    const once = JSON.parse(rotatedManagedValue('Redis', redis, '{"AccountName":"u","AccountPassword":"x"}', fresh))
    assert.deepEqual(once, { AccountName: 'u_clone', AccountPassword: 'P'.repeat(32) })
    assert.equal(JSON.parse(rotatedManagedValue('Redis', redis, JSON.stringify(once), fresh)).AccountName, 'u')
    assert.equal(JSON.parse(rotatedManagedValue('Rds', { SecretSubType: 'SingleUser' }, '{"AccountName":"a","AccountPassword":"x"}', fresh)).AccountName, 'a')
    assert.equal(JSON.parse(rotatedManagedValue('RAMCredentials', {}, '{"AccessKeyId":"a"}', fresh)).AccessKeyId, 'LTAInew')
    assert.equal(code(() => rotatedManagedValue('ECS', { SecretSubType: 'SSHKey' }, '{}', fresh)), 'Rejected.UnsupportedOperation')
  })
})
