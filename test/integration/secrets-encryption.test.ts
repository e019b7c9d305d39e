/**
 * How secret values are encrypted (docs/secrets.md): the default key, chosen keys, key states, a second
 * implementation (node-forge) opening a stored version, and no plaintext in the database files or logs.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { randomBytes } from 'node:crypto'
import forge from 'node-forge'
import pino from 'pino'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { callV3, callPop, failure, type Endpoint } from '../support/sdk.js'
import { wrapContext } from '../../src/services/keyring.js'
import { DAY } from '../../src/domain/time.js'

/** AES-GCM decryption by node-forge, independent of node:crypto: layout 0x01 | iv(12) | ciphertext | tag(16). */
function forgeOpen(key: Buffer, blob: Buffer, aad: string): Buffer {
  const decipher = forge.cipher.createDecipher('AES-GCM', forge.util.createBuffer(key.toString('binary')))
  decipher.start({
    iv: blob.subarray(1, 13).toString('binary'),
    additionalData: Buffer.from(aad, 'utf8').toString('binary'),
    tagLength: 128,
    tag: forge.util.createBuffer(blob.subarray(blob.length - 16).toString('binary')),
  })
  decipher.update(forge.util.createBuffer(blob.subarray(13, blob.length - 16).toString('binary')))
  assert.ok(decipher.finish(), 'node-forge authenticates the blob')
  return Buffer.from(decipher.output.getBytes(), 'binary')
}

describe('secret encryption', () => {
  let app: TestApp
  let ep: Endpoint
  const logLines: string[] = []
  before(async () => {
    const sink = new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) })
    app = await startTestApp({}, { jobPeriodMs: 0, keyPoolSize: 0, log: pino({ level: 'trace' }, sink) })
    ep = { endpoint: app.endpoint, ...TEST_AK }
  })
  after(async () => app.stop())

  const v3 = async (action: string, query: Record<string, string>) => (await callV3(ep, action, query)).body as Record<string, any>

  it('creates one default key on first use, even for concurrent first uses, and uses it afterwards', async () => {
    await Promise.all(Array.from({ length: 6 }, (_, i) => v3('CreateSecret', { SecretName: `dflt-${i}`, VersionId: 'v1', SecretData: `d${i}` })))
    const alias = await app.runtime.store.aliases.get('alias/acs/secretsmanager')
    assert.ok(alias)
    const keyIds = new Set(await Promise.all(Array.from({ length: 6 }, async (_, i) => (await v3('DescribeSecret', { SecretName: `dflt-${i}` })).EncryptionKeyId)))
    assert.deepEqual([...keyIds], [alias.keyId])
    assert.equal(await app.runtime.store.keys.count(), 1)
    const md = (await v3('DescribeKey', { KeyId: 'alias/acs/secretsmanager' })).KeyMetadata
    assert.equal(md.KeySpec, 'Aliyun_AES_256')
  })

  it('seals under a chosen symmetric key (AES or SM4) and refuses asymmetric keys', async () => {
    const sm4 = (await v3('CreateKey', { KeySpec: 'Aliyun_SM4' })).KeyMetadata.KeyId as string
    await v3('CreateAlias', { KeyId: sm4, AliasName: 'alias/sm4-secrets' })
    await v3('CreateSecret', { SecretName: 'sm4', VersionId: 'v1', SecretData: 'under sm4', EncryptionKeyId: 'alias/sm4-secrets' })
    assert.equal((await v3('DescribeSecret', { SecretName: 'sm4' })).EncryptionKeyId, sm4)
    assert.equal((await v3('GetSecretValue', { SecretName: 'sm4' })).SecretData, 'under sm4')
    const ec = (await v3('CreateKey', { KeySpec: 'EC_P256' })).KeyMetadata.KeyId as string
    const refused = await failure(callV3(ep, 'CreateSecret', { SecretName: 'asym', VersionId: 'v1', SecretData: 'x', EncryptionKeyId: ec }))
    assert.deepEqual([refused.code, refused.status], ['Rejected.UnsupportedOperation', 400])
    const noAlias = await failure(callV3(ep, 'CreateSecret', { SecretName: 'asym', VersionId: 'v1', SecretData: 'x', EncryptionKeyId: 'alias/none' }))
    assert.deepEqual([noAlias.code, noAlias.status], ['Forbidden.AliasNotFound', 404])
    await failure(callV3(ep, 'DescribeSecret', { SecretName: 'asym' }))
  })

  it('stores only a sealed data key and ciphertext, which node-forge opens with the key version’s material', async () => {
    const key = (await v3('CreateKey', {})).KeyMetadata
    await v3('CreateSecret', { SecretName: 'forge/check', VersionId: 'v1', SecretData: 'checked by forge', EncryptionKeyId: key.KeyId })
    const version = await app.runtime.store.secretVersions.get('forge/check', 'v1')
    assert.ok(version)
    assert.equal(version.keyVersionId, key.PrimaryKeyVersion)
    const kv = await app.runtime.store.keyVersions.get(key.KeyId, key.PrimaryKeyVersion)
    const material = app.runtime.keyring.unwrap(kv?.wrappedMaterial as Buffer, wrapContext.keyVersion(key.PrimaryKeyVersion))
    const dataKey = forgeOpen(material, version.wrappedDataKey, ['openkms/secret-data-key/v1', 'forge/check', 'v1', key.PrimaryKeyVersion].join('\u0000'))
    const value = forgeOpen(dataKey, version.ciphertext, ['openkms/secret-value/v1', 'forge/check', 'v1'].join('\u0000'))
    assert.equal(value.toString('utf8'), 'checked by forge')
  })

  it('reading needs the encryption key usable: Disabled, PendingDeletion, then gone', async () => {
    const keyId = (await v3('CreateKey', {})).KeyMetadata.KeyId as string
    await v3('CreateSecret', { SecretName: 'states', VersionId: 'v1', SecretData: 'x', EncryptionKeyId: keyId })
    await v3('DisableKey', { KeyId: keyId })
    for (const [action, query] of [
      ['GetSecretValue', { SecretName: 'states' }],
      ['PutSecretValue', { SecretName: 'states', VersionId: 'v2', SecretData: 'y' }],
    ] as const) {
      const f = await failure(callV3(ep, action, query))
      assert.deepEqual([f.code, f.status], ['Rejected.Disabled', 409], action)
    }
    const batch = await v3('BatchGetSecretValue', { SecretsList: '[{"SecretName":"states"}]' })
    assert.deepEqual(batch.Errors.map((e: any) => [e.Code, e.HttpStatus]), [['Rejected.Disabled', 409]])
    await v3('EnableKey', { KeyId: keyId })
    assert.equal((await v3('GetSecretValue', { SecretName: 'states' })).SecretData, 'x')
    await v3('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: '7' })
    const pending = await failure(callV3(ep, 'GetSecretValue', { SecretName: 'states' }))
    assert.deepEqual([pending.code, pending.status], ['Rejected.PendingDeletion', 409])
    await app.jobs.runDue(Date.now() + 8 * DAY)
    const gone = await failure(callV3(ep, 'GetSecretValue', { SecretName: 'states' }))
    assert.deepEqual([gone.code, gone.status], ['Forbidden.KeyNotFound', 404])
  })

  it('never writes a secret value in the clear: database files (main and -wal) and logs', async () => {
    const text = `plain-${randomBytes(12).toString('hex')}`
    const binary = randomBytes(48)
    const next = `next-${randomBytes(12).toString('hex')}`
    await v3('CreateSecret', { SecretName: 'scan/text', VersionId: 'v1', SecretData: text })
    await callPop(ep, 'CreateSecret', { SecretName: 'scan/binary', VersionId: 'v1', SecretData: binary.toString('base64'), SecretDataType: 'binary' }, 'POST')
    await v3('PutSecretValue', { SecretName: 'scan/text', VersionId: 'v2', SecretData: next })
    assert.equal((await v3('GetSecretValue', { SecretName: 'scan/text', VersionId: 'v1' })).SecretData, text)
    await v3('GetSecretValue', { SecretName: 'scan/binary' })
    const files = readdirSync(app.dataDir).filter((f) => f.startsWith('openkms.db'))
    assert.ok(files.includes('openkms.db') && files.includes('openkms.db-wal'), files.join(','))
    const needles = [Buffer.from(text), Buffer.from(next), binary, Buffer.from(binary.toString('base64')), Buffer.from(text).subarray(0, 16)]
    for (const file of files) {
      const bytes = readFileSync(join(app.dataDir, file))
      for (const needle of needles) assert.equal(bytes.indexOf(needle), -1, `${file} holds a secret value in the clear`)
    }
    const log = logLines.join('')
    assert.ok(log.length > 0, 'the trace logger saw the requests')
    for (const needle of [text, next, binary.toString('base64')]) assert.ok(!log.includes(needle), 'a log line holds a secret value')
  })
})
