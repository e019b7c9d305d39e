import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { deriveResources } from './request-parameters.js'

const scope = { region: 'cn-hangzhou', accountId: '1234' }

describe('deriveResources', () => {
  it('turns key ids, aliases, ARNs, secrets and named access resources into ARNs', () => {
    assert.deepEqual(deriveResources('Encrypt', { KeyId: 'key-abc' }, scope).resourceName, 'acs:kms:cn-hangzhou:1234:key/key-abc')
    const alias = deriveResources('Encrypt', { KeyId: 'alias/app' }, scope)
    assert.deepEqual([alias.resourceName, alias.resourceType], ['acs:kms:cn-hangzhou:1234:alias/app', 'ACS::KMS::Alias'])
    assert.equal(deriveResources('Encrypt', { KeyId: 'acs:kms:cn-hangzhou:1234:key/key-x' }, scope).resourceName, 'acs:kms:cn-hangzhou:1234:key/key-x')
    assert.equal(deriveResources('Encrypt', { KeyId: 'acs:kms:other:1234:key/key-x' }, scope).resourceName, undefined, 'a foreign ARN names nothing here')
    const re = deriveResources('ReEncrypt', { DestinationKeyId: 'key-b', SourceKeyId: 'key-a' }, scope)
    assert.equal(re.resourceName, 'acs:kms:cn-hangzhou:1234:key/key-a;acs:kms:cn-hangzhou:1234:key/key-b')
    assert.equal(deriveResources('GetSecretValue', { SecretName: 'db' }, scope).resourceName, 'acs:kms:cn-hangzhou:1234:secret/db')
    assert.equal(deriveResources('CreatePolicy', { Name: 'p1' }, scope).resourceName, 'acs:kms:cn-hangzhou:1234:policy/p1')
    assert.equal(deriveResources('CreateNetworkRule', { Name: 'r1' }, scope).resourceType, 'ACS::KMS::NetworkRule')
  })

  it('records only allow-listed parameters, bounded, whatever else arrives', () => {
    const params = {
      KeyId: 'k'.repeat(1000),
      Plaintext: 'c2VjcmV0',
      SecretData: 'hunter2',
      Password: 'P@ssw0rd',
      AccessKeySecret: 'x',
      Signature: 'sig',
      SecurityToken: 'tok',
      EncryptionContext: '{"a":"b"}',
      PrivateKeyData: 'pk',
      KeySpec: 'Aliyun_AES_256',
      PageSize: 10,
    }
    const derived = deriveResources('Anything', params, scope)
    assert.deepEqual(Object.keys(derived.requestParameters ?? {}).sort(), ['KeyId', 'KeySpec', 'PageSize'])
    assert.equal(derived.requestParameters?.KeyId?.length, 256)
    assert.doesNotMatch(JSON.stringify(derived), /c2VjcmV0|hunter2|P@ssw0rd|sig"|tok|pk"/)
  })

  it('ignores values that are not text (instance API messages carry bytes)', () => {
    assert.deepEqual(deriveResources('Encrypt', { KeyId: 'key-a', Plaintext: Buffer.from('secret'), Aad: new Uint8Array(3) }, scope).requestParameters, { KeyId: 'key-a' })
  })
})
