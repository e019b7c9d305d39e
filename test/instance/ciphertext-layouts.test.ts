/**
 * Control-plane ciphertexts in Alibaba's layout, used the way the combined SDKs (alibabacloud-kms-go-sdk, the
 * Python TransferClient) use them after an application moves to the instance API: the blob is split by hand here
 * (36-character key version id ‖ iv ‖ ciphertext ‖ tag), opened with node:crypto's AES-GCM and sent to the
 * instance API's Decrypt with the x-kms-migrationkeyversionid header. Neither path uses openkms' own parser.
 * Blobs written by earlier versions (openkms-v1, stored in fixtures/) stay decryptable.
 */
import { createDecipheriv, createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { callV3, failure, type Endpoint } from '../support/sdk.js'
import { decodeMessage, encodeMessage } from '../../src/instance-wire/proto.js'
import { grantAccess, instanceClient, rawCall, KEY_USER, type Access } from './access-setup.js'
import { InstanceApiError, type InstanceClient } from '../../src/instance-client/index.js'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const MIGRATION = 'x-kms-migrationkeyversionid'
const OLD = JSON.parse(readFileSync(new URL('../integration/fixtures/openkms-v1-blobs.json', import.meta.url), 'utf8')) as {
  Keys: Array<{ KeyId: string; KeySpec: string; Versions: Array<{ KeyVersionId: string; Material: string }> }>
  Blobs: Array<{ KeyId: string; CiphertextBlob: string; EncryptionContext: Record<string, string> | null; Plaintext: string }>
}

/** Go SDK EncodeUserEncryptionContext: SHA-256 over the sorted `k=v` pairs joined by `&`. */
function sdkAad(ctx: Record<string, string>): Buffer {
  const keys = Object.keys(ctx).sort()
  return createHash('sha256').update(keys.map((k) => `${k}=${ctx[k]}`).join('&')).digest()
}

/** What the combined SDK does with a CiphertextBlob before calling the instance API. */
function split(blobBase64: string) {
  const blob = Buffer.from(blobBase64, 'base64')
  return { keyVersionId: blob.subarray(0, 36).toString('latin1'), iv: blob.subarray(36, 48), body: blob.subarray(48) }
}

describe('ciphertext layouts across the control plane and the instance API', { timeout: 120_000 }, () => {
  let app: TestApp
  let ep: Endpoint
  let access: Access
  let kms: InstanceClient
  let keyId: string
  let sm4KeyId: string

  /** The combined SDK's Decrypt: the parts of the blob, and the key version id in x-kms-migrationkeyversionid. */
  const instanceDecrypt = async (r: { keyVersionId: string; iv: Buffer; body: Buffer; aad?: Buffer }) => {
    const request = { CiphertextBlob: r.body, Iv: r.iv, ...(r.aad ? { Aad: r.aad } : {}) }
    try {
      const out = await kms.decrypt(request, { headers: { [MIGRATION]: r.keyVersionId } })
      return { status: 200, body: out }
    } catch (e) {
      assert.ok(e instanceof InstanceApiError, String(e))
      return { status: e.httpStatus, body: undefined }
    }
  }

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openkms-layout-seed-'))
    const seedFile = join(dir, 'seed.json')
    writeFileSync(seedFile, JSON.stringify({ Keys: OLD.Keys }))
    app = await startTestApp({ seedFile }, { keyPoolSize: 0 })
    ep = { endpoint: app.endpoint, ...TEST_AK }
    keyId = ((await callV3(ep, 'CreateKey', { DKMSInstanceId: app.runtime.instanceId })).body.KeyMetadata as { KeyId: string }).KeyId
    sm4KeyId = ((await callV3(ep, 'CreateKey', { KeySpec: 'Aliyun_SM4' })).body.KeyMetadata as { KeyId: string }).KeyId
    access = await grantAccess(ep, { permissions: [KEY_USER], resources: ['key/*'] })
    kms = instanceClient(app, access)
  })
  after(async () => {
    kms.close()
    await app.stop()
  })

  it('a control-plane Encrypt blob opens with node:crypto AES-GCM, the layout split by hand, AAD as the SDK computes it', async () => {
    const context = { tenant: 'acme', purpose: 'payroll' }
    const enc = await callV3(ep, 'Encrypt', { KeyId: keyId, Plaintext: 'aGVsbG8gd29ybGQ=', EncryptionContext: JSON.stringify(context) })
    const parts = split(String(enc.body.CiphertextBlob))
    assert.equal(parts.keyVersionId, enc.body.KeyVersionId)
    const material = (await app.runtime.keyCache.version(keyId, parts.keyVersionId))?.material as Buffer
    const decipher = createDecipheriv('aes-256-gcm', material, parts.iv)
    decipher.setAAD(sdkAad(context))
    decipher.setAuthTag(parts.body.subarray(-16))
    const plaintext = Buffer.concat([decipher.update(parts.body.subarray(0, -16)), decipher.final()])
    assert.equal(plaintext.toString(), 'aGVsbG8gd29ybGQ=')
  })

  it('the instance API decrypts control-plane Encrypt and GenerateDataKey blobs as the combined SDK sends them', async () => {
    const context = { app: 'orders' }
    const enc = await callV3(ep, 'Encrypt', { KeyId: keyId, Plaintext: 'c2VjcmV0', EncryptionContext: JSON.stringify(context) })
    const opened = await instanceDecrypt({ ...split(String(enc.body.CiphertextBlob)), aad: sdkAad(context) })
    assert.equal(opened.status, 200)
    assert.equal(opened.body?.Plaintext.toString(), 'c2VjcmV0')
    assert.equal(opened.body?.KeyId, keyId)
    const wrong = await instanceDecrypt({ ...split(String(enc.body.CiphertextBlob)), aad: sdkAad({ app: 'billing' }) })
    assert.equal(wrong.status, 400)

    const dk = await callV3(ep, 'GenerateDataKey', { KeyId: keyId })
    const dkOpened = await instanceDecrypt(split(String(dk.body.CiphertextBlob)))
    assert.equal(dkOpened.body?.Plaintext.toString(), dk.body.Plaintext)

    const sm4 = await callV3(ep, 'Encrypt', { KeyId: sm4KeyId, Plaintext: 'c200' })
    assert.equal((await instanceDecrypt(split(String(sm4.body.CiphertextBlob)))).body?.Plaintext.toString(), 'c200')
  })

  it('an instance-API Encrypt result, joined by hand, decrypts on the control plane, with the raw-JSON AAD too', async () => {
    const contextText = '{"tenant":"acme","env":"prod"}'
    const context = JSON.parse(contextText) as Record<string, string>
    for (const aad of [sdkAad(context), Buffer.from(contextText, 'utf8')]) {
      const res = await rawCall(app, access, 'Encrypt', encodeMessage('EncryptRequest', { KeyId: keyId, Plaintext: Buffer.from('moved'), Aad: aad }))
      assert.equal(res.status, 200)
      const out = decodeMessage<{ CiphertextBlob: Buffer; Iv: Buffer }>('EncryptResponse', res.body)
      const blob = Buffer.concat([Buffer.from(String(res.headers[MIGRATION]), 'latin1'), out.Iv, out.CiphertextBlob]).toString('base64')
      const dec = await callV3(ep, 'Decrypt', { CiphertextBlob: blob, EncryptionContext: contextText })
      assert.equal(dec.body.Plaintext, 'moved')
      assert.equal((await failure(callV3(ep, 'Decrypt', { CiphertextBlob: blob, EncryptionContext: '{"tenant":"other"}' }))).code, 'InvalidParameter')
    }
  })

  it('every openkms-v1 blob written before stays decryptable; ReEncrypt moves it to the new layout', async () => {
    assert.equal(OLD.Blobs.length, 9)
    for (const b of OLD.Blobs) {
      assert.equal(Buffer.from(b.CiphertextBlob, 'base64')[0], 0xc5)
      const ctx: Record<string, string> = b.EncryptionContext ? { EncryptionContext: JSON.stringify(b.EncryptionContext) } : {}
      const dec = await callV3(ep, 'Decrypt', { CiphertextBlob: b.CiphertextBlob, ...ctx })
      assert.equal(dec.body.Plaintext, b.Plaintext, JSON.stringify(b))
      assert.equal(dec.body.KeyId, b.KeyId)
      if (b.EncryptionContext) {
        const f = await failure(callV3(ep, 'Decrypt', { CiphertextBlob: b.CiphertextBlob }))
        assert.equal(f.code, 'InvalidParameter')
      }
    }
    const old = OLD.Blobs.find((b) => b.EncryptionContext && !JSON.stringify(b.EncryptionContext).includes('&'))!
    const re = await callV3(ep, 'ReEncrypt', {
      CiphertextBlob: old.CiphertextBlob,
      SourceEncryptionContext: JSON.stringify(old.EncryptionContext),
      DestinationKeyId: keyId,
      DestinationEncryptionContext: '{"moved":"yes"}',
    })
    const parts = split(String(re.body.CiphertextBlob))
    assert.equal(parts.keyVersionId, re.body.KeyVersionId)
    const viaInstance = await instanceDecrypt({ ...parts, aad: sdkAad({ moved: 'yes' }) })
    assert.equal(viaInstance.body?.Plaintext.toString(), old.Plaintext)
  })
})
