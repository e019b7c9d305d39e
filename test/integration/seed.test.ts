/** Seed files: fixed ids and material, rotation history, aliases, tags, secrets, AccessKeys; idempotent. */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createDecipheriv, createPublicKey, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { callV3, failure, type Endpoint } from '../support/sdk.js'
import { parseCiphertextBlob, encryptionContextAad } from '../../src/domain/ciphertext-blob.js'
import { readSeedFile } from '../../src/runtime/seed.js'

const AES_V1 = Buffer.alloc(32, 1)
const AES_V2 = Buffer.alloc(32, 2)
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const rsaPem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string

const seed = {
  AccessKeys: [{ AccessKeyId: 'LTAIseeded', AccessKeySecret: 'seeded-secret-123' }],
  Keys: [
    {
      KeyId: 'key-hzzseed0000000000000000001',
      KeySpec: 'Aliyun_AES_256',
      Aliases: ['alias/seeded'],
      Tags: { env: 'dev' },
      Versions: [
        { KeyVersionId: '11111111-1111-4111-8111-111111111111', Material: AES_V1.toString('base64') },
        { KeyVersionId: '22222222-2222-4222-8222-222222222222', Material: AES_V2.toString('base64') },
      ],
    },
    {
      KeyId: 'key-hzzseed0000000000000000002',
      KeySpec: 'RSA_2048',
      Versions: [{ KeyVersionId: '33333333-3333-4333-8333-333333333333', Material: rsaPem }],
    },
  ],
  Secrets: [{ SecretName: 'seeded/db', SecretData: 'seeded-value', EncryptionKeyId: 'alias/seeded' }],
}

describe('seed files', () => {
  let app: TestApp
  let ep: Endpoint
  let dir: string
  let file: string
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'openkms-seed-'))
    file = join(dir, 'seed.json')
    writeFileSync(file, JSON.stringify(seed))
    app = await startTestApp({ seedFile: file })
    ep = { endpoint: app.endpoint, ...TEST_AK }
  })
  after(async () => {
    await app.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('creates keys with the seeded ids, versions and material', async () => {
    const d = await callV3(ep, 'DescribeKey', { KeyId: 'alias/seeded' })
    const md = d.body.KeyMetadata as Record<string, string>
    assert.equal(md.KeyId, 'key-hzzseed0000000000000000001')
    assert.equal(md.PrimaryKeyVersion, '22222222-2222-4222-8222-222222222222')
    const versions = await callV3(ep, 'ListKeyVersions', { KeyId: md.KeyId as string })
    assert.equal(versions.body.TotalCount, 2)

    // Independent check of the material: decrypt our ciphertext with node's AES-GCM and the seeded key bytes.
    // Encrypt seals the Plaintext string's bytes as given (docs/behaviour.md), so that is what must come out.
    const plaintext = Buffer.from('seeded material round trip').toString('base64')
    const enc = await callV3(ep, 'Encrypt', { KeyId: 'alias/seeded', Plaintext: plaintext })
    const blob = parseCiphertextBlob(Buffer.from(enc.body.CiphertextBlob as string, 'base64'))
    assert.equal(blob.keyVersionId, '22222222-2222-4222-8222-222222222222')
    const d2 = createDecipheriv('aes-256-gcm', AES_V2, blob.iv)
    d2.setAAD(encryptionContextAad(undefined, blob.format))
    d2.setAuthTag(blob.tag)
    assert.equal(Buffer.concat([d2.update(blob.ciphertext), d2.final()]).toString('utf8'), plaintext)

    const pub = await callV3(ep, 'GetPublicKey', { KeyId: 'key-hzzseed0000000000000000002', KeyVersionId: '33333333-3333-4333-8333-333333333333' })
    const expected = createPublicKey(rsa.privateKey).export({ type: 'spki', format: 'pem' }) as string
    assert.equal((pub.body.PublicKey as string).trim(), expected.trim())
  })

  it('applies tags, secrets and AccessKeys', async () => {
    const tags = await callV3(ep, 'ListResourceTags', { KeyId: 'key-hzzseed0000000000000000001' })
    assert.deepEqual(JSON.parse(JSON.stringify(tags.body.Tags)), { Tag: [{ KeyId: 'key-hzzseed0000000000000000001', TagKey: 'env', TagValue: 'dev' }] })
    const secret = await callV3(ep, 'GetSecretValue', { SecretName: 'seeded/db' })
    assert.equal(secret.body.SecretData, 'seeded-value')
    const other = await callV3({ endpoint: app.endpoint, accessKeyId: 'LTAIseeded', accessKeySecret: 'seeded-secret-123' }, 'DescribeRegions', {})
    assert.equal(other.statusCode, 200)
  })

  it('is idempotent across restarts, and refuses a seed that contradicts the store', async () => {
    await app.stop({ keepData: true })
    app = await startTestApp({ dataDir: app.dataDir, seedFile: file })
    ep = { endpoint: app.endpoint, ...TEST_AK }
    const keys = await callV3(ep, 'ListKeys', { PageSize: '100' })
    assert.equal(keys.body.TotalCount, 2)

    const conflicting = join(dir, 'conflict.json')
    writeFileSync(conflicting, JSON.stringify({ Keys: [{ KeyId: 'key-hzzseed0000000000000000001', KeySpec: 'EC_P256' }] }))
    await app.stop({ keepData: true })
    await assert.rejects(startTestApp({ dataDir: app.dataDir, seedFile: conflicting }), /exists with spec Aliyun_AES_256/)
    app = await startTestApp({ dataDir: app.dataDir })
    ep = { endpoint: app.endpoint, ...TEST_AK }
    const f = await failure(callV3(ep, 'DescribeKey', { KeyId: 'key-hzzseed0000000000000000003' }))
    assert.equal(f.code, 'Forbidden.KeyNotFound')
  })

  it('refuses malformed seed files with the offending path', () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ Keys: [{ KeyId: 'k', KeySpec: 'Aliyun_AES_256', Colour: 'red' }] }))
    assert.throws(() => readSeedFile(bad), /seed file .*bad\.json: \/Keys\/0/)
    writeFileSync(bad, '{not json')
    assert.throws(() => readSeedFile(bad), /seed file/)
    const wrongMaterial = join(dir, 'short.json')
    writeFileSync(wrongMaterial, JSON.stringify({ Keys: [{ KeyId: 'key-short', KeySpec: 'Aliyun_AES_256', Versions: [{ Material: 'AAAA' }] }] }))
    return assert.rejects(startTestApp({ seedFile: wrongMaterial }), /must be 32 bytes/)
  })
})
