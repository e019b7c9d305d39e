/**
 * BYOK through the official SDKs: material is wrapped by the `openssl` command line (as docs/byok.md tells users to),
 * imported, used, and the resulting ciphertext is opened by node's own AES-GCM with the known material. Requests are
 * signed with real time, so the server's clock is shifted only around scheduler passes and in-process calls.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createDecipheriv, createHash, createPublicKey, randomBytes } from 'node:crypto'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { KMS, kmsClient, callV3, callPop, failure, type Endpoint } from '../support/sdk.js'
import { withOpenssl } from '../../src/crypto/openssl.testkit.js'
import { parseCiphertextBlob, encryptionContextAad } from '../../src/domain/ciphertext-blob.js'
import { dispatch } from '../../src/actions/dispatch.js'
import type { Clock } from '../../src/domain/clock.js'
import { HOUR, DAY } from '../../src/domain/time.js'

type Algorithm = 'RSAES_OAEP_SHA_256' | 'RSAES_OAEP_SHA_1' | 'RSAES_PKCS1_V1_5'

const OPENSSL_PADDING: Record<Algorithm, string[]> = {
  RSAES_OAEP_SHA_256: ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256'],
  RSAES_OAEP_SHA_1: ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha1'],
  RSAES_PKCS1_V1_5: ['-pkeyopt', 'rsa_padding_mode:pkcs1'],
}

/** What a user does: base64-decode PublicKey to DER, `openssl pkeyutl -encrypt -pubin`, base64 the result. */
function opensslWrap(publicKeyB64: string, algorithm: Algorithm, material: Buffer): string {
  return withOpenssl((dir) => {
    dir.put('pub.der', Buffer.from(publicKeyB64, 'base64'))
    dir.put('material.bin', material)
    const args = ['pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', 'pub.der', '-in', 'material.bin', '-out', 'wrapped.bin']
    const r = dir.run([...args, ...OPENSSL_PADDING[algorithm]])
    assert.ok(r.ok, r.stderr)
    return dir.read('wrapped.bin').toString('base64')
  })
}

/** Opens an openkms CiphertextBlob with node's AES-GCM and the material the test imported. */
function aesOpen(material: Buffer, blobB64: string, context?: Record<string, string>): Buffer {
  const blob = parseCiphertextBlob(Buffer.from(blobB64, 'base64'))
  const d = createDecipheriv(`aes-${material.length * 8}-gcm` as 'aes-256-gcm', material, blob.iv)
  d.setAAD(encryptionContextAad(context, blob.format))
  d.setAuthTag(blob.tag)
  return Buffer.concat([d.update(blob.ciphertext), d.final()])
}

/** Real time plus a shift the test controls, so scheduler passes and in-process calls can be run "later". */
class ShiftedClock implements Clock {
  shift = 0
  now(): number {
    return Date.now() + this.shift
  }
}

describe('BYOK: GetParametersForImport, ImportKeyMaterial, DeleteKeyMaterial', () => {
  let app: TestApp
  let ep: Endpoint
  const clock = new ShiftedClock()
  before(async () => {
    app = await startTestApp({}, { jobPeriodMs: 0, clock })
    ep = { endpoint: app.endpoint, ...TEST_AK }
  })
  after(async () => app.stop())

  const v3 = async (action: string, query: Record<string, string>) => (await callV3(ep, action, query)).body as Record<string, any>
  const expectFailure = async (p: Promise<unknown>, code: string, status: number) => {
    const f = await failure(p)
    assert.deepEqual([f.code, f.status], [code, status], f.message)
  }
  const externalKey = async (spec = 'Aliyun_AES_256') =>
    (await v3('CreateKey', { KeySpec: spec, Origin: 'EXTERNAL' })).KeyMetadata.KeyId as string
  const describe_ = async (keyId: string) => (await v3('DescribeKey', { KeyId: keyId })).KeyMetadata as Record<string, string>
  const params = (keyId: string, algorithm: Algorithm = 'RSAES_OAEP_SHA_256') =>
    v3('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: 'RSA_2048' })
  /** Gets a token, wraps `material` with openssl and imports it. */
  async function importMaterial(keyId: string, material: Buffer, algorithm: Algorithm = 'RSAES_OAEP_SHA_256', extra: Record<string, string> = {}) {
    const p = await params(keyId, algorithm)
    const wrapped = opensslWrap(p.PublicKey, algorithm, material)
    return v3('ImportKeyMaterial', { KeyId: keyId, EncryptedKeyMaterial: wrapped, ImportToken: p.ImportToken, ...extra })
  }
  /** Calls an action in-process with the server's clock moved by `shiftMs` (requests over HTTP need real time). */
  async function callLater(shiftMs: number, action: string, raw: Record<string, string>) {
    const ctx = { ...app.runtime, clock: { now: () => Date.now() + shiftMs }, requestId: 'in-process', caller: { accessKeyId: TEST_AK.accessKeyId, via: 'cli' as const } }
    return dispatch(action, raw, ctx)
  }
  const materialOf = async (keyId: string) => {
    const key = await app.runtime.store.keys.get(keyId)
    return (await app.runtime.store.keyVersions.get(keyId, key?.primaryVersionId as string))?.wrappedMaterial
  }

  it('kms20160120 1.2.0 (V1): imports openssl-wrapped AES-256 material; node AES-GCM opens the ciphertext', async () => {
    const client = kmsClient(ep)
    const created = await client.createKey(new KMS.CreateKeyRequest({ keySpec: 'Aliyun_AES_256', origin: 'EXTERNAL' }))
    const keyId = created.keyMetadata.keyId as string
    assert.equal(created.keyMetadata.keyState, 'PendingImport')
    const p = await client.getParametersForImport(
      new KMS.GetParametersForImportRequest({ keyId, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', wrappingKeySpec: 'RSA_2048' }),
    )
    assert.equal(p.keyId, keyId)
    const spki = createPublicKey({ key: Buffer.from(p.publicKey, 'base64'), format: 'der', type: 'spki' })
    assert.deepEqual([spki.asymmetricKeyType, spki.asymmetricKeyDetails?.modulusLength], ['rsa', 2048])
    assert.match(p.tokenExpireTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    assert.ok(Math.abs(Date.parse(p.tokenExpireTime) - (Date.now() + DAY)) < 120_000, 'valid for 24 hours')
    const stored = await app.runtime.store.keyImports.getToken(createHash('sha256').update(p.importToken).digest('hex'))
    assert.equal(stored?.keyId, keyId, 'the store knows the token by its hash')

    const material = randomBytes(32)
    await client.importKeyMaterial(
      new KMS.ImportKeyMaterialRequest({ keyId, encryptedKeyMaterial: opensslWrap(p.publicKey, 'RSAES_OAEP_SHA_256', material), importToken: p.importToken, keyMaterialExpireUnix: 0 }),
    )
    const md = (await client.describeKey(new KMS.DescribeKeyRequest({ keyId }))).keyMetadata
    assert.equal(md.keyState, 'Enabled')
    assert.equal(md.materialExpireTime, '')

    const plaintext = Buffer.from('imported material, real ciphertext')
    const enc = await client.encrypt(new KMS.EncryptRequest({ keyId, plaintext: plaintext.toString('base64') }))
    assert.equal(aesOpen(material, enc.ciphertextBlob).toString(), plaintext.toString('base64'), 'Plaintext is sealed as its text')
    const dec = await client.decrypt(new KMS.DecryptRequest({ ciphertextBlob: enc.ciphertextBlob }))
    assert.deepEqual(Buffer.from(dec.plaintext, 'base64'), plaintext)
    const wrapped = await materialOf(keyId)
    assert.ok(wrapped && !wrapped.includes(material), 'the store holds the material wrapped only')
  })

  it('each wrapping algorithm and symmetric spec: openssl wraps, openkms imports, node or the API opens', async () => {
    const cases: Array<[string, number, Algorithm]> = [
      ['Aliyun_AES_128', 16, 'RSAES_PKCS1_V1_5'],
      ['Aliyun_AES_192', 24, 'RSAES_OAEP_SHA_1'],
      ['Aliyun_AES_256', 32, 'RSAES_PKCS1_V1_5'],
      ['Aliyun_SM4', 16, 'RSAES_OAEP_SHA_256'],
    ]
    for (const [spec, size, algorithm] of cases) {
      const keyId = await externalKey(spec)
      const material = randomBytes(size)
      await importMaterial(keyId, material, algorithm)
      assert.equal((await describe_(keyId)).KeyState, 'Enabled', spec)
      const context = { purpose: 'byok', spec }
      const plaintext = randomBytes(100)
      const enc = await v3('Encrypt', { KeyId: keyId, Plaintext: plaintext.toString('base64'), EncryptionContext: JSON.stringify(context) })
      if (spec !== 'Aliyun_SM4') assert.equal(aesOpen(material, enc.CiphertextBlob, context).toString(), plaintext.toString('base64'), spec)
      const dec = await v3('Decrypt', { CiphertextBlob: enc.CiphertextBlob, EncryptionContext: JSON.stringify(context) })
      assert.deepEqual(Buffer.from(dec.Plaintext, 'base64'), plaintext, spec)
    }
  })

  it('pop-core: every call gives a new wrapping key and token; either token imports', async () => {
    const keyId = await externalKey()
    const call = (action: string, q: Record<string, unknown>) => callPop(ep, action, q) as Promise<Record<string, any>>
    const a = await call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' })
    const b = await call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' })
    assert.notEqual(a.PublicKey, b.PublicKey)
    assert.notEqual(a.ImportToken, b.ImportToken)
    const material = randomBytes(32)
    await expectFailure(
      call('ImportKeyMaterial', { KeyId: keyId, EncryptedKeyMaterial: opensslWrap(a.PublicKey, 'RSAES_OAEP_SHA_1', material), ImportToken: b.ImportToken }),
      'InvalidKeyMaterial',
      400,
    )
    await call('ImportKeyMaterial', { KeyId: keyId, EncryptedKeyMaterial: opensslWrap(b.PublicKey, 'RSAES_OAEP_SHA_1', material), ImportToken: b.ImportToken })
    await call('ImportKeyMaterial', { KeyId: keyId, EncryptedKeyMaterial: opensslWrap(a.PublicKey, 'RSAES_OAEP_SHA_1', material), ImportToken: a.ImportToken })
    assert.equal((await describe_(keyId)).KeyState, 'Enabled')
  })

  it('refuses non-EXTERNAL keys, SM2PKE / EC_SM2, bad enums and unknown keys', async () => {
    const normal = (await v3('CreateKey', {})).KeyMetadata.KeyId as string
    await expectFailure(params(normal), 'Unsupported.Origin', 400)
    await expectFailure(callV3(ep, 'ImportKeyMaterial', { KeyId: normal, EncryptedKeyMaterial: 'AAAA', ImportToken: 'x' }), 'Unsupported.Origin', 400)
    await expectFailure(callV3(ep, 'DeleteKeyMaterial', { KeyId: normal }), 'Unsupported.Origin', 400)
    const keyId = await externalKey()
    const gp = (alg: string, spec: string) => callV3(ep, 'GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: alg, WrappingKeySpec: spec })
    await expectFailure(gp('SM2PKE', 'EC_SM2'), 'InvalidParameter', 400)
    await expectFailure(gp('RSAES_OAEP_SHA_256', 'EC_SM2'), 'InvalidParameter', 400)
    await expectFailure(gp('SM2PKE', 'RSA_2048'), 'InvalidParameter', 400)
    await expectFailure(gp('RSAES_OAEP_SHA_512', 'RSA_2048'), 'InvalidParameter', 400)
    await expectFailure(gp('RSAES_OAEP_SHA_256', 'RSA_3072'), 'InvalidParameter', 400)
    await expectFailure(callV3(ep, 'GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256' }), 'MissingParameter', 400)
    await expectFailure(params('key-hzznotthere000000000000000'), 'Forbidden.KeyNotFound', 404)
    await expectFailure(params('alias/not-there'), 'Forbidden.AliasNotFound', 404)
  })

  it('refuses wrong sizes, wrong or foreign tokens, garbage, and the wrong algorithm, leaving nothing behind', async () => {
    const keyId = await externalKey()
    const other = await externalKey()
    const p = await params(keyId)
    const theirs = await params(other)
    const imp = (q: Record<string, string>) => callV3(ep, 'ImportKeyMaterial', { KeyId: keyId, ImportToken: p.ImportToken, ...q })
    await expectFailure(imp({ EncryptedKeyMaterial: opensslWrap(p.PublicKey, 'RSAES_OAEP_SHA_256', randomBytes(31)) }), 'InvalidKeyMaterial', 400)
    await expectFailure(imp({ EncryptedKeyMaterial: opensslWrap(p.PublicKey, 'RSAES_OAEP_SHA_256', randomBytes(16)) }), 'InvalidKeyMaterial', 400)
    await expectFailure(imp({ EncryptedKeyMaterial: opensslWrap(p.PublicKey, 'RSAES_OAEP_SHA_256', randomBytes(33)) }), 'InvalidKeyMaterial', 400)
    await expectFailure(imp({ EncryptedKeyMaterial: opensslWrap(p.PublicKey, 'RSAES_PKCS1_V1_5', randomBytes(32)) }), 'InvalidKeyMaterial', 400)
    await expectFailure(imp({ EncryptedKeyMaterial: randomBytes(256).toString('base64') }), 'InvalidKeyMaterial', 400)
    await expectFailure(imp({ EncryptedKeyMaterial: randomBytes(32).toString('base64') }), 'InvalidKeyMaterial', 400)
    await expectFailure(imp({ EncryptedKeyMaterial: 'not base64!' }), 'InvalidParameter', 400)
    const good = opensslWrap(p.PublicKey, 'RSAES_OAEP_SHA_256', randomBytes(32))
    await expectFailure(imp({ EncryptedKeyMaterial: good, ImportToken: theirs.ImportToken }), 'InvalidImportToken', 400)
    await expectFailure(imp({ EncryptedKeyMaterial: good, ImportToken: randomBytes(32).toString('base64url') }), 'InvalidImportToken', 400)
    await expectFailure(imp({ EncryptedKeyMaterial: good, ImportToken: 'garbage' }), 'InvalidImportToken', 400)
    await expectFailure(imp({ EncryptedKeyMaterial: good, KeyMaterialExpireUnix: String(Math.floor(Date.now() / 1000) - 60) }), 'InvalidParameter', 400)
    await expectFailure(imp({ EncryptedKeyMaterial: good, KeyMaterialExpireUnix: '-1' }), 'InvalidParameter', 400)
    await expectFailure(
      callV3(ep, 'ImportKeyMaterial', { KeyId: other, ImportToken: p.ImportToken, EncryptedKeyMaterial: good }),
      'InvalidImportToken',
      400,
    )

    for (const id of [keyId, other]) {
      const md = await describe_(id)
      assert.deepEqual([md.KeyState, md.MaterialExpireTime], ['PendingImport', ''])
      assert.equal(await materialOf(id), null, 'no material was written')
      assert.equal(await app.runtime.store.keyImports.getBinding(id), undefined, 'no binding was made')
    }
    await expectFailure(callV3(ep, 'Encrypt', { KeyId: keyId, Plaintext: 'AAAA' }), 'Rejected.PendingImport', 409)
  })

  it('refuses a token issued 25 hours ago (ExpiredImportToken), not one issued 23 hours 59 minutes ago', async () => {
    const keyId = await externalKey()
    const early = (await callLater(-25 * HOUR, 'GetParametersForImport', {
      KeyId: keyId,
      WrappingAlgorithm: 'RSAES_OAEP_SHA_256',
      WrappingKeySpec: 'RSA_2048',
    })) as Record<string, string>
    const wrapped = opensslWrap(early.PublicKey, 'RSAES_OAEP_SHA_256', randomBytes(32))
    await expectFailure(
      callV3(ep, 'ImportKeyMaterial', { KeyId: keyId, EncryptedKeyMaterial: wrapped, ImportToken: early.ImportToken }),
      'ExpiredImportToken',
      400,
    )
    assert.equal((await describe_(keyId)).KeyState, 'PendingImport')
    await callLater(-HOUR - 60_000, 'ImportKeyMaterial', { KeyId: keyId, EncryptedKeyMaterial: wrapped, ImportToken: early.ImportToken })
    assert.equal((await describe_(keyId)).KeyState, 'Enabled', 'the same token a minute before its expiry imports')
  })

  it('binds a key to its first material: re-import of the same succeeds, of different material fails', async () => {
    const keyId = await externalKey()
    const material = randomBytes(32)
    await importMaterial(keyId, material)
    const enc = await v3('Encrypt', { KeyId: keyId, Plaintext: Buffer.from('kept').toString('base64') })
    await expectFailure(importMaterial(keyId, randomBytes(32)), 'InvalidKeyMaterial', 400)
    await importMaterial(keyId, material, 'RSAES_OAEP_SHA_1')
    assert.equal((await describe_(keyId)).KeyState, 'Enabled')
    assert.equal(aesOpen(material, enc.CiphertextBlob).toString(), Buffer.from('kept').toString('base64'))
    const dec = await v3('Decrypt', { CiphertextBlob: enc.CiphertextBlob })
    assert.equal(Buffer.from(dec.Plaintext, 'base64').toString(), 'kept')
  })

  it('DeleteKeyMaterial: PendingImport at once (the cache drops the key), same material restores, others refused', async () => {
    const keyId = await externalKey()
    const material = randomBytes(32)
    await importMaterial(keyId, material)
    const enc = await v3('Encrypt', { KeyId: keyId, Plaintext: Buffer.from('before').toString('base64') })
    await v3('DisableKey', { KeyId: keyId })
    await v3('DeleteKeyMaterial', { KeyId: keyId })
    assert.equal((await describe_(keyId)).KeyState, 'PendingImport', 'Disabled → PendingImport')
    assert.equal(await materialOf(keyId), null)
    await expectFailure(callV3(ep, 'Decrypt', { CiphertextBlob: enc.CiphertextBlob }), 'Rejected.PendingImport', 409)
    await v3('DeleteKeyMaterial', { KeyId: keyId })
    await expectFailure(importMaterial(keyId, randomBytes(32)), 'InvalidKeyMaterial', 400)
    await importMaterial(keyId, material)
    assert.equal((await describe_(keyId)).KeyState, 'Enabled')
    const dec = await v3('Decrypt', { CiphertextBlob: enc.CiphertextBlob })
    assert.equal(Buffer.from(dec.Plaintext, 'base64').toString(), 'before')

    const kms = kmsClient(ep)
    await kms.deleteKeyMaterial(new KMS.DeleteKeyMaterialRequest({ keyId }))
    await expectFailure(callV3(ep, 'Encrypt', { KeyId: keyId, Plaintext: 'AAAA' }), 'Rejected.PendingImport', 409)
  })

  it('PendingDeletion: import is refused (409), DeleteKeyMaterial keeps the state and DeleteDate', async () => {
    const keyId = await externalKey()
    await importMaterial(keyId, randomBytes(32))
    await v3('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: '7' })
    const before = await describe_(keyId)
    await expectFailure(importMaterial(keyId, randomBytes(32)), 'Rejected.StateModifiedFailed', 409)
    await v3('DeleteKeyMaterial', { KeyId: keyId })
    const afterDelete = await describe_(keyId)
    assert.deepEqual([afterDelete.KeyState, afterDelete.DeleteDate], ['PendingDeletion', before.DeleteDate])
    assert.equal(await materialOf(keyId), null)
    await v3('CancelKeyDeletion', { KeyId: keyId })
    assert.equal((await describe_(keyId)).KeyState, 'PendingImport', 'no material: cancelling cannot enable it')
  })

  it('material expiry: unusable from the instant it expires; the scheduler then removes it; re-import restores', async () => {
    const keyId = await externalKey()
    const material = randomBytes(32)
    const expireUnix = Math.floor(Date.now() / 1000) + 3600
    await importMaterial(keyId, material, 'RSAES_OAEP_SHA_256', { KeyMaterialExpireUnix: String(expireUnix) })
    const md = await describe_(keyId)
    assert.equal(md.MaterialExpireTime, new Date(expireUnix * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'))
    const enc = await v3('Encrypt', { KeyId: keyId, Plaintext: Buffer.from('expiring').toString('base64') })
    await assert.rejects(callLater(2 * HOUR, 'Decrypt', { CiphertextBlob: enc.CiphertextBlob }), { code: 'Rejected.PendingImport' })

    clock.shift = 30 * 60 * 1000
    let pass = await app.jobs.runDue()
    assert.equal((pass['expire-key-material'] as { done: number }).done, 0, 'not yet expired')
    clock.shift = 2 * HOUR
    pass = await app.jobs.runDue()
    clock.shift = 0
    assert.equal((pass['expire-key-material'] as { done: number }).done, 1)
    const expired = await describe_(keyId)
    assert.deepEqual([expired.KeyState, expired.MaterialExpireTime], ['PendingImport', ''])
    assert.equal(await materialOf(keyId), null)
    await expectFailure(callV3(ep, 'Decrypt', { CiphertextBlob: enc.CiphertextBlob }), 'Rejected.PendingImport', 409)

    await importMaterial(keyId, material)
    const dec = await v3('Decrypt', { CiphertextBlob: enc.CiphertextBlob })
    assert.equal(Buffer.from(dec.Plaintext, 'base64').toString(), 'expiring')
  })

  it('the scheduler forgets tokens a week after they expire', async () => {
    const keyId = await externalKey()
    const p = await params(keyId)
    const hash = createHash('sha256').update(p.ImportToken).digest('hex')
    clock.shift = DAY + 6 * DAY
    await app.jobs.runDue()
    assert.ok(await app.runtime.store.keyImports.getToken(hash), 'kept for a week after expiry')
    clock.shift = DAY + 7 * DAY + HOUR
    await app.jobs.runDue()
    clock.shift = 0
    assert.equal(await app.runtime.store.keyImports.getToken(hash), undefined)
    const wrapped = opensslWrap(p.PublicKey, 'RSAES_OAEP_SHA_256', randomBytes(32))
    await expectFailure(callV3(ep, 'ImportKeyMaterial', { KeyId: keyId, EncryptedKeyMaterial: wrapped, ImportToken: p.ImportToken }), 'InvalidImportToken', 400)
  })
})
