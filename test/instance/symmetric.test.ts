/**
 * The instance API on symmetric keys, through openkms' InstanceClient and raw independently signed calls, with
 * keys and access set up through the control plane's official SDK. Results are checked by a second GCM
 * (test/support/crypto-oracles.ts) and by the control plane: what the instance API encrypts decrypts where the
 * spec says it should, including the blobs Alibaba's combined SDK builds from instance-API results.
 */
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { KMS, callV3, kmsClient, type Endpoint } from '../support/sdk.js'
import { independentGcmOpen } from '../support/crypto-oracles.js'
import { InstanceApiError, type InstanceClient } from '../../src/instance-client/index.js'
import { decodeMessage, encodeMessage } from '../../src/instance-wire/proto.js'
import { grantAccess, instanceClient, rawCall, KEY_USER, type Access } from './access-setup.js'

const MIGRATION = 'x-kms-migrationkeyversionid'
const sha256 = (s: string) => createHash('sha256').update(s).digest()

async function refusal(p: Promise<unknown>): Promise<[string, number]> {
  try {
    await p
  } catch (e) {
    assert.ok(e instanceof InstanceApiError, String(e))
    return [e.code, e.httpStatus]
  }
  throw new Error('expected an error answer')
}

describe('instance API: symmetric keys', () => {
  let app: TestApp
  let ep: Endpoint
  let access: Access
  let kms: InstanceClient
  const keys: Record<string, { keyId: string; initial: string }> = {}

  const createKey = async (spec: string) => {
    const md = (await callV3(ep, 'CreateKey', { KeySpec: spec, DKMSInstanceId: app.runtime.instanceId })).body.KeyMetadata as Record<string, string>
    return { keyId: md.KeyId as string, initial: md.PrimaryKeyVersion as string }
  }
  const materialOf = async (keyId: string, versionId: string) => (await app.runtime.keyCache.version(keyId, versionId))?.material as Buffer
  const raw = async (api: string, request: object, headers: Record<string, string> = {}) => {
    const res = await rawCall(app, access, api, encodeMessage(`${api}Request`, request), { extraHeaders: headers })
    assert.equal(res.status, 200, res.body.toString('latin1'))
    return { header: res.headers[MIGRATION] as string | undefined, body: decodeMessage<Record<string, never>>(`${api}Response`, res.body) }
  }

  before(async () => {
    app = await startTestApp({}, { keyPoolSize: 0 })
    ep = { endpoint: app.endpoint, ...TEST_AK }
    for (const spec of ['Aliyun_AES_256', 'Aliyun_AES_128', 'Aliyun_SM4']) keys[spec] = await createKey(spec)
    access = await grantAccess(ep, { permissions: [KEY_USER], resources: ['key/*'] })
    kms = instanceClient(app, access)
  })
  after(async () => {
    kms.close()
    await app.stop()
  })

  it('Encrypt/Decrypt: raw ciphertext‖tag with a separate Iv under the first version, opened by an independent GCM', async () => {
    for (const [spec, k] of Object.entries(keys)) {
      const aad = Buffer.from(`aad of ${spec}`)
      const enc = await raw('Encrypt', { KeyId: k.keyId, Plaintext: Buffer.from(`hello ${spec}`), Aad: aad })
      assert.equal(enc.header, k.initial)
      assert.equal(enc.body.Algorithm, spec === 'Aliyun_SM4' ? 'SM4_GCM' : 'AES_GCM')
      const { CiphertextBlob: blob, Iv: iv } = enc.body as unknown as { CiphertextBlob: Buffer; Iv: Buffer }
      assert.equal(iv.length, 12)
      assert.equal(blob.length, `hello ${spec}`.length + 16)
      const opened = independentGcmOpen(enc.body.Algorithm, await materialOf(k.keyId, k.initial), iv, blob.subarray(0, -16), blob.subarray(-16), aad)
      assert.equal(opened?.toString(), `hello ${spec}`)
      const dec = await kms.decrypt({ KeyId: k.keyId, CiphertextBlob: blob, Iv: iv, Aad: aad })
      assert.equal(dec.Plaintext.toString(), `hello ${spec}`)
      assert.equal(dec.KeyId, k.keyId)
    }
  })

  it('a caller-chosen Iv is used; wrong Iv, Aad or a flipped bit are InvalidParameter; bad parameters are refused', async () => {
    const k = keys.Aliyun_AES_256 as { keyId: string }
    const iv = Buffer.alloc(12, 7)
    const enc = await kms.encrypt({ KeyId: k.keyId, Plaintext: Buffer.from('x'), Iv: iv, Aad: Buffer.from('a') })
    assert.deepEqual(enc.Iv, iv)
    const base = { KeyId: k.keyId, CiphertextBlob: enc.CiphertextBlob, Iv: iv, Aad: Buffer.from('a') }
    const flipped = Buffer.from(enc.CiphertextBlob)
    flipped[0] ^= 1
    for (const bad of [{ Iv: Buffer.alloc(12) }, { Aad: Buffer.from('b') }, { Aad: Buffer.alloc(0) }, { CiphertextBlob: flipped }, { Iv: Buffer.alloc(16) }]) {
      assert.deepEqual(await refusal(kms.decrypt({ ...base, ...bad })), ['InvalidParameter', 400])
    }
    assert.deepEqual(await refusal(kms.encrypt({ KeyId: k.keyId, Plaintext: Buffer.from('x'), Iv: Buffer.alloc(8) })), ['InvalidParameter', 400])
    assert.deepEqual(await refusal(kms.encrypt({ KeyId: k.keyId, Plaintext: Buffer.alloc(0) })), ['InvalidParameter', 400])
    assert.deepEqual(await refusal(kms.encrypt({ KeyId: k.keyId, Plaintext: Buffer.from('x'), Algorithm: 'SM4_GCM' })), ['InvalidParameter', 400])
    assert.deepEqual(await refusal(kms.encrypt({ KeyId: k.keyId, Plaintext: Buffer.from('x'), Algorithm: 'AES_CBC' })), ['UnsupportedOperation', 400])
    assert.deepEqual(await refusal(kms.encrypt({ KeyId: k.keyId, Plaintext: Buffer.from('x'), PaddingMode: 'PKCS7_PADDING' })), ['InvalidParameter', 400])
    assert.deepEqual(await refusal(kms.encrypt({ KeyId: 'key-does-not-exist', Plaintext: Buffer.from('x') })), ['Forbidden.KeyNotFound', 404])
    assert.deepEqual(await refusal(kms.encrypt({ KeyId: 'alias/none', Plaintext: Buffer.from('x') })), ['Forbidden.KeyNotFound', 404])
    assert.deepEqual(await refusal(kms.encrypt({ Plaintext: Buffer.from('x') })), ['InvalidParameter', 400])
  })

  it("the combined SDK's blob keyVersionId‖Iv‖CiphertextBlob decrypts with the control plane's Decrypt, and back", async () => {
    const client = kmsClient(ep)
    for (const spec of ['Aliyun_AES_256', 'Aliyun_SM4']) {
      const k = keys[spec] as { keyId: string; initial: string }
      const enc = await raw('Encrypt', { KeyId: k.keyId, Plaintext: Buffer.from('via the combined SDK'), Aad: sha256('app=billing&env=prod') })
      const shared = Buffer.concat([Buffer.from(enc.header as string), enc.body.Iv as Buffer, enc.body.CiphertextBlob as Buffer])
      const dec = await client.decrypt(
        new KMS.DecryptRequest({ ciphertextBlob: shared.toString('base64'), encryptionContext: { env: 'prod', app: 'billing' } }),
      )
      assert.equal(dec.plaintext, 'via the combined SDK', 'Decrypt returns the bytes of a combined-SDK blob as text')
      assert.equal(dec.keyVersionId, k.initial)
      const back = await kms.decrypt(
        { CiphertextBlob: shared.subarray(48), Iv: shared.subarray(36, 48), Aad: sha256('app=billing&env=prod') },
        { headers: { [MIGRATION]: shared.subarray(0, 36).toString() } },
      )
      assert.equal(back.Plaintext.toString(), 'via the combined SDK')
      assert.equal(back.KeyId, k.keyId)
    }
  })

  it("GenerateDataKey seals under the first version even after rotation; Advance* use the primary and the '$' blob", async () => {
    const md = (await callV3(ep, 'CreateKey', { EnableAutomaticRotation: 'true', RotationInterval: '7d' })).body.KeyMetadata as Record<string, string>
    const k = { keyId: md.KeyId as string, initial: md.PrimaryKeyVersion as string }
    await app.jobs.runDue(Date.now() + 8 * 86400_000)
    const rotated = ((await callV3(ep, 'DescribeKey', { KeyId: k.keyId })).body.KeyMetadata as Record<string, string>).PrimaryKeyVersion as string
    assert.notEqual(rotated, k.initial)
    const enc = await raw('Encrypt', { KeyId: k.keyId, Plaintext: Buffer.from('still v1') })
    assert.equal(enc.header, k.initial)
    const dk = await raw('GenerateDataKey', { KeyId: k.keyId, NumberOfBytes: 16, Aad: Buffer.from('dk') })
    assert.equal(dk.header, k.initial)
    assert.equal((dk.body.Plaintext as Buffer).length, 16)
    const opened = await kms.decrypt({ KeyId: k.keyId, CiphertextBlob: dk.body.CiphertextBlob, Iv: dk.body.Iv, Aad: Buffer.from('dk') })
    assert.deepEqual(opened.Plaintext, dk.body.Plaintext)
    assert.equal((await kms.generateDataKey({ KeyId: k.keyId })).Plaintext.length, 32)
    assert.deepEqual(await refusal(kms.generateDataKey({ KeyId: k.keyId, NumberOfBytes: 1025 })), ['InvalidParameter', 400])

    const adv = await raw('AdvanceEncrypt', { KeyId: k.keyId, Plaintext: Buffer.from('advance'), Aad: sha256('k=v') })
    const blob = adv.body.CiphertextBlob as Buffer
    assert.equal(adv.header, rotated)
    assert.equal(adv.body.KeyVersionId, rotated)
    assert.deepEqual([...blob.subarray(0, 3)], [0x24, 0x00, 0x02])
    assert.equal(blob.subarray(3, 39).toString(), rotated)
    assert.deepEqual(blob.subarray(39, 51), adv.body.Iv)
    const gcm = independentGcmOpen('AES_GCM', await materialOf(k.keyId, rotated), adv.body.Iv, blob.subarray(51, -16), blob.subarray(-16), sha256('k=v'))
    assert.equal(gcm?.toString(), 'advance')
    assert.equal((await kms.advanceDecrypt({ CiphertextBlob: blob, Aad: sha256('k=v') })).Plaintext.toString(), 'advance')
    const dec = await kmsClient(ep).decrypt(new KMS.DecryptRequest({ ciphertextBlob: blob.subarray(3).toString('base64'), encryptionContext: { k: 'v' } }))
    assert.equal(dec.plaintext, 'advance')
    assert.equal(dec.keyVersionId, rotated)

    const agdk = await kms.advanceGenerateDataKey({ KeyId: k.keyId, NumberOfBytes: 24 })
    assert.equal(agdk.KeyVersionId, rotated)
    assert.deepEqual((await kms.advanceDecrypt({ CiphertextBlob: agdk.CiphertextBlob, Iv: agdk.Iv })).Plaintext, agdk.Plaintext)
    const tampered = Buffer.from(agdk.CiphertextBlob)
    tampered[tampered.length - 1] ^= 0x80
    assert.deepEqual(await refusal(kms.advanceDecrypt({ CiphertextBlob: tampered })), ['InvalidParameter', 400])
    assert.deepEqual(await refusal(kms.advanceDecrypt({ CiphertextBlob: agdk.CiphertextBlob, Iv: Buffer.alloc(12) })), ['InvalidParameter', 400])
    assert.deepEqual(await refusal(kms.advanceDecrypt({ CiphertextBlob: dk.body.CiphertextBlob })), ['InvalidParameter', 400])
    assert.deepEqual(await refusal(kms.advanceEncrypt({ KeyId: keys.Aliyun_SM4?.keyId, Plaintext: Buffer.from('x') })), ['UnsupportedOperation', 400])
  })

  it('GenerateRandom gives 1 to 1024 bytes (32 by default)', async () => {
    assert.equal((await kms.generateRandom({})).Random.length, 32)
    assert.equal((await kms.generateRandom({ Length: 1024 })).Random.length, 1024)
    const a = await kms.generateRandom({ Length: 16 })
    const b = await kms.generateRandom({ Length: 16 })
    assert.notDeepEqual(a.Random, b.Random)
    assert.deepEqual(await refusal(kms.generateRandom({ Length: 1025 })), ['InvalidParameter', 400])
    assert.deepEqual(await refusal(kms.generateRandom({ Length: -1 })), ['InvalidParameter', 400])
  })

  it('key states apply: Disabled and PendingDeletion are 409, as on the control plane', async () => {
    const k = await createKey('Aliyun_AES_256')
    const enc = await kms.encrypt({ KeyId: k.keyId, Plaintext: Buffer.from('x') })
    await callV3(ep, 'DisableKey', { KeyId: k.keyId })
    assert.deepEqual(await refusal(kms.encrypt({ KeyId: k.keyId, Plaintext: Buffer.from('x') })), ['Rejected.Disabled', 409])
    assert.deepEqual(await refusal(kms.decrypt({ KeyId: k.keyId, CiphertextBlob: enc.CiphertextBlob, Iv: enc.Iv })), ['Rejected.Disabled', 409])
    await callV3(ep, 'EnableKey', { KeyId: k.keyId })
    await callV3(ep, 'ScheduleKeyDeletion', { KeyId: k.keyId, PendingWindowInDays: '7' })
    assert.deepEqual(await refusal(kms.generateDataKey({ KeyId: k.keyId })), ['Rejected.PendingDeletion', 409])
  })

  it('keys are found by alias and by ARN; responses name the key id', async () => {
    const k = keys.Aliyun_AES_128 as { keyId: string }
    await callV3(ep, 'CreateAlias', { KeyId: k.keyId, AliasName: 'alias/instance-app' })
    const enc = await kms.encrypt({ KeyId: 'alias/instance-app', Plaintext: Buffer.from('by alias') })
    assert.equal(enc.KeyId, k.keyId)
    const arn = `acs:kms:${app.config.region}:${app.config.accountId}:key/${k.keyId}`
    assert.equal((await kms.decrypt({ KeyId: arn, CiphertextBlob: enc.CiphertextBlob, Iv: enc.Iv })).Plaintext.toString(), 'by alias')
  })
})
