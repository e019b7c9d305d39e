/**
 * HMAC keys, GenerateMac and VerifyMac through the official SDKs (openapi-client V3, openapi-core ACS4, pop-core V1). The `openssl mac`
 * command is the second opinion: with the key version's material it must compute the same MAC.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { callPop, callV3, callV4, failure, type Endpoint } from '../support/sdk.js'
import { withOpenssl } from '../support/openssl.js'

const SPECS = { HMAC_SM3: 'SM3', HMAC_SHA_224: 'SHA224', HMAC_SHA_256: 'SHA256', HMAC_SHA_384: 'SHA384', HMAC_SHA_512: 'SHA512' } as const
const MESSAGE = Buffer.from('The quick brown fox jumps over the lazy dog. 中文 \u0000\u00ff')

function opensslMac(digest: string, key: Buffer, message: Buffer): string {
  return withOpenssl((dir) => {
    dir.put('msg', message)
    const r = dir.run(['mac', '-digest', digest, '-macopt', `hexkey:${key.toString('hex')}`, '-in', 'msg', 'HMAC'])
    assert.ok(r.ok, r.stderr)
    return r.stdout.trim().toLowerCase()
  })
}

describe('GenerateMac / VerifyMac', { timeout: 120_000 }, () => {
  let app: TestApp
  let e: Endpoint
  const keys: Record<string, { keyId: string; versionId: string }> = {}
  before(async () => {
    app = await startTestApp()
    e = { endpoint: app.endpoint, ...TEST_AK }
    for (const spec of Object.keys(SPECS)) {
      const created = await callV3(e, 'CreateKey', { KeySpec: spec })
      const meta = created.body.KeyMetadata as Record<string, string>
      assert.equal(meta.KeySpec, spec)
      assert.equal(meta.KeyUsage, 'GENERATE_VERIFY_MAC')
      assert.ok(meta.PrimaryKeyVersion)
      keys[spec] = { keyId: meta.KeyId!, versionId: meta.PrimaryKeyVersion! }
    }
  })
  after(async () => {
    await app.stop()
  })

  for (const [spec, digest] of Object.entries(SPECS)) {
    it(`${spec}: the MAC equals openssl's with the key material, and verifies`, async () => {
      const { keyId, versionId } = keys[spec]!
      const out = await callV3(e, 'GenerateMac', { KeyId: keyId, Algorithm: spec, Message: MESSAGE.toString('base64') })
      assert.equal(out.body.KeyId, keyId)
      assert.equal(out.body.KeyVersionId, versionId)
      assert.equal(out.body.Algorithm, spec)
      const mac = Buffer.from(String(out.body.Mac), 'base64')
      const version = await app.runtime.keyCache.version(keyId, versionId)
      assert.ok(version?.material)
      assert.equal(mac.toString('hex'), opensslMac(digest, version.material, MESSAGE))

      const ok = await callV4(e, 'VerifyMac', { KeyId: keyId, Algorithm: spec, Message: MESSAGE.toString('base64'), Mac: mac.toString('base64') })
      assert.equal(ok.body.Value, true)
      const flipped = Buffer.from(mac)
      flipped[0] = flipped[0]! ^ 1
      const bad = await callV3(e, 'VerifyMac', { KeyId: keyId, Algorithm: spec, Message: MESSAGE.toString('base64'), Mac: flipped.toString('base64') })
      assert.equal(bad.body.Value, false)
      const otherMessage = await callV3(e, 'VerifyMac', { KeyId: keyId, Algorithm: spec, Message: 'AA==', Mac: mac.toString('base64') })
      assert.equal(otherMessage.body.Value, false)
      // Signature V1 (pop-core) computes the same MAC.
      const v1 = await callPop(e, 'GenerateMac', { KeyId: keyId, Algorithm: spec, Message: MESSAGE.toString('base64') })
      assert.equal(v1.Mac, mac.toString('base64'))
    })
  }

  it('refuses the wrong algorithm, a non-HMAC key, HMAC keys elsewhere, bad input, DryRun', async () => {
    const hmac = keys.HMAC_SHA_256!.keyId
    const wrongAlg = await failure(callV3(e, 'GenerateMac', { KeyId: hmac, Algorithm: 'HMAC_SM3', Message: 'aGk=' }))
    assert.deepEqual([wrongAlg.code, wrongAlg.status], ['InvalidParameter', 400])
    const unknownAlg = await failure(callV3(e, 'GenerateMac', { KeyId: hmac, Algorithm: 'HMAC_MD5', Message: 'aGk=' }))
    assert.deepEqual([unknownAlg.code, unknownAlg.status], ['InvalidParameter', 400])
    const aes = (await callV3(e, 'CreateKey', {})).body.KeyMetadata as { KeyId: string }
    const notMac = await failure(callV3(e, 'GenerateMac', { KeyId: aes.KeyId, Algorithm: 'HMAC_SHA_256', Message: 'aGk=' }))
    assert.deepEqual([notMac.code, notMac.status], ['Rejected.UnsupportedOperation', 400])
    const encrypt = await failure(callV3(e, 'Encrypt', { KeyId: hmac, Plaintext: 'aGk=' }))
    assert.equal(encrypt.code, 'Rejected.UnsupportedOperation')
    const sign = await failure(callV3(e, 'AsymmetricSign', { KeyId: hmac, KeyVersionId: keys.HMAC_SHA_256!.versionId, Algorithm: 'RSA_PSS_SHA_256', Digest: Buffer.alloc(32).toString('base64') }))
    assert.equal(sign.code, 'Rejected.UnsupportedOperation')
    const version = await failure(callV3(e, 'CreateKeyVersion', { KeyId: hmac }))
    assert.equal(version.code, 'Rejected.UnsupportedOperation')
    const usage = await failure(callV3(e, 'CreateKey', { KeySpec: 'HMAC_SHA_256', KeyUsage: 'ENCRYPT/DECRYPT' }))
    assert.equal(usage.code, 'InvalidParameter')
    const rotation = await failure(callV3(e, 'CreateKey', { KeySpec: 'HMAC_SM3', EnableAutomaticRotation: 'true', RotationInterval: '30d' }))
    assert.equal(rotation.code, 'InvalidParameter')
    const junk = await failure(callV3(e, 'GenerateMac', { KeyId: hmac, Algorithm: 'HMAC_SHA_256', Message: 'not base64!' }))
    assert.deepEqual([junk.code, junk.status], ['InvalidParameter', 400])
    const tooLong = await failure(callV3(e, 'GenerateMac', { KeyId: hmac, Algorithm: 'HMAC_SHA_256', Message: Buffer.alloc(6145).toString('base64') }))
    assert.equal(tooLong.code, 'InvalidParameter')
    const missing = await failure(callV3(e, 'VerifyMac', { KeyId: hmac, Algorithm: 'HMAC_SHA_256', Message: 'aGk=' }))
    assert.equal(missing.code, 'MissingParameter')
    const dry = await failure(callV3(e, 'GenerateMac', { KeyId: hmac, Algorithm: 'HMAC_SHA_256', Message: 'aGk=', DryRun: 'true' }))
    assert.equal(dry.code, 'DryRunOperationError')
    const unknownKey = await failure(callV3(e, 'GenerateMac', { KeyId: 'key-hzz00000000000000000000', Algorithm: 'HMAC_SHA_256', Message: 'aGk=' }))
    assert.deepEqual([unknownKey.code, unknownKey.status], ['Forbidden.KeyNotFound', 404])
  })

  it('a disabled HMAC key is Rejected.Disabled (409)', async () => {
    const { keyId } = keys.HMAC_SHA_384!
    await callV3(e, 'DisableKey', { KeyId: keyId })
    const f = await failure(callV3(e, 'GenerateMac', { KeyId: keyId, Algorithm: 'HMAC_SHA_384', Message: 'aGk=' }))
    assert.deepEqual([f.code, f.status], ['Rejected.Disabled', 409])
    await callV3(e, 'EnableKey', { KeyId: keyId })
  })
})
