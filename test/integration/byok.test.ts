/**
 * BYOK through the official SDKs: material is wrapped by the `openssl` command line (as docs/byok.md tells users to),
 * imported, used, and the resulting ciphertext is opened by node's own AES-GCM with the known material; hostile
 * imports are refused and leave nothing behind. Time-driven behaviour: byok-expiry.test.ts.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, createPublicKey, randomBytes } from 'node:crypto'
import { KMS, kmsClient, callV3, callPop, type Endpoint } from '../support/sdk.js'
import { aesOpen, opensslWrap, ShiftedClock, startByokApp, type Algorithm, type ByokApp } from '../support/byok.js'
import { DAY } from '../../src/domain/time.js'

describe('BYOK: GetParametersForImport, ImportKeyMaterial, DeleteKeyMaterial', () => {
  let b: ByokApp
  let ep: Endpoint
  before(async () => {
    b = await startByokApp(new ShiftedClock())
    ep = b.ep
  })
  after(async () => b.app.stop())

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
    const stored = await b.app.runtime.store.keyImports.getToken(createHash('sha256').update(p.importToken).digest('hex'))
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
    const wrapped = await b.storedMaterial(keyId)
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
      const keyId = await b.externalKey(spec)
      const material = randomBytes(size)
      await b.importMaterial(keyId, material, algorithm)
      assert.equal((await b.describeKey(keyId)).KeyState, 'Enabled', spec)
      const context = { purpose: 'byok', spec }
      const plaintext = randomBytes(100)
      const enc = await b.v3('Encrypt', { KeyId: keyId, Plaintext: plaintext.toString('base64'), EncryptionContext: JSON.stringify(context) })
      if (spec !== 'Aliyun_SM4') assert.equal(aesOpen(material, enc.CiphertextBlob, context).toString(), plaintext.toString('base64'), spec)
      const dec = await b.v3('Decrypt', { CiphertextBlob: enc.CiphertextBlob, EncryptionContext: JSON.stringify(context) })
      assert.deepEqual(Buffer.from(dec.Plaintext, 'base64'), plaintext, spec)
    }
  })

  it('pop-core: every call gives a new wrapping key and token; either token imports', async () => {
    const keyId = await b.externalKey()
    const call = (action: string, q: Record<string, unknown>) => callPop(ep, action, q) as Promise<Record<string, any>>
    const first = await call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' })
    const second = await call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' })
    assert.notEqual(first.PublicKey, second.PublicKey)
    assert.notEqual(first.ImportToken, second.ImportToken)
    const material = randomBytes(32)
    await b.expectFailure(
      call('ImportKeyMaterial', { KeyId: keyId, EncryptedKeyMaterial: opensslWrap(first.PublicKey, 'RSAES_OAEP_SHA_1', material), ImportToken: second.ImportToken }),
      'InvalidKeyMaterial',
      400,
    )
    await call('ImportKeyMaterial', { KeyId: keyId, EncryptedKeyMaterial: opensslWrap(second.PublicKey, 'RSAES_OAEP_SHA_1', material), ImportToken: second.ImportToken })
    await call('ImportKeyMaterial', { KeyId: keyId, EncryptedKeyMaterial: opensslWrap(first.PublicKey, 'RSAES_OAEP_SHA_1', material), ImportToken: first.ImportToken })
    assert.equal((await b.describeKey(keyId)).KeyState, 'Enabled')
  })

  it('refuses non-EXTERNAL keys, SM2PKE / EC_SM2, bad enums and unknown keys', async () => {
    const normal = (await b.v3('CreateKey', {})).KeyMetadata.KeyId as string
    await b.expectFailure(b.params(normal), 'Unsupported.Origin', 400)
    await b.expectFailure(callV3(ep, 'ImportKeyMaterial', { KeyId: normal, EncryptedKeyMaterial: 'AAAA', ImportToken: 'x' }), 'Unsupported.Origin', 400)
    await b.expectFailure(callV3(ep, 'DeleteKeyMaterial', { KeyId: normal }), 'Unsupported.Origin', 400)
    const keyId = await b.externalKey()
    const gp = (alg: string, spec: string) => callV3(ep, 'GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: alg, WrappingKeySpec: spec })
    await b.expectFailure(gp('SM2PKE', 'EC_SM2'), 'InvalidParameter', 400)
    await b.expectFailure(gp('RSAES_OAEP_SHA_256', 'EC_SM2'), 'InvalidParameter', 400)
    await b.expectFailure(gp('SM2PKE', 'RSA_2048'), 'InvalidParameter', 400)
    await b.expectFailure(gp('RSAES_OAEP_SHA_512', 'RSA_2048'), 'InvalidParameter', 400)
    await b.expectFailure(gp('RSAES_OAEP_SHA_256', 'RSA_3072'), 'InvalidParameter', 400)
    await b.expectFailure(callV3(ep, 'GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256' }), 'MissingParameter', 400)
    await b.expectFailure(b.params('key-hzznotthere000000000000000'), 'Forbidden.KeyNotFound', 404)
    await b.expectFailure(b.params('alias/not-there'), 'Forbidden.AliasNotFound', 404)
  })

  it('refuses wrong sizes, wrong or foreign tokens, garbage, and the wrong algorithm, leaving nothing behind', async () => {
    const keyId = await b.externalKey()
    const other = await b.externalKey()
    const p = await b.params(keyId)
    const theirs = await b.params(other)
    const imp = (q: Record<string, string>) => callV3(ep, 'ImportKeyMaterial', { KeyId: keyId, ImportToken: p.ImportToken, ...q })
    await b.expectFailure(imp({ EncryptedKeyMaterial: opensslWrap(p.PublicKey, 'RSAES_OAEP_SHA_256', randomBytes(31)) }), 'InvalidKeyMaterial', 400)
    await b.expectFailure(imp({ EncryptedKeyMaterial: opensslWrap(p.PublicKey, 'RSAES_OAEP_SHA_256', randomBytes(16)) }), 'InvalidKeyMaterial', 400)
    await b.expectFailure(imp({ EncryptedKeyMaterial: opensslWrap(p.PublicKey, 'RSAES_OAEP_SHA_256', randomBytes(33)) }), 'InvalidKeyMaterial', 400)
    await b.expectFailure(imp({ EncryptedKeyMaterial: opensslWrap(p.PublicKey, 'RSAES_PKCS1_V1_5', randomBytes(32)) }), 'InvalidKeyMaterial', 400)
    await b.expectFailure(imp({ EncryptedKeyMaterial: randomBytes(256).toString('base64') }), 'InvalidKeyMaterial', 400)
    await b.expectFailure(imp({ EncryptedKeyMaterial: randomBytes(32).toString('base64') }), 'InvalidKeyMaterial', 400)
    await b.expectFailure(imp({ EncryptedKeyMaterial: 'not base64!' }), 'InvalidParameter', 400)
    const good = opensslWrap(p.PublicKey, 'RSAES_OAEP_SHA_256', randomBytes(32))
    await b.expectFailure(imp({ EncryptedKeyMaterial: good, ImportToken: theirs.ImportToken }), 'InvalidImportToken', 400)
    await b.expectFailure(imp({ EncryptedKeyMaterial: good, ImportToken: randomBytes(32).toString('base64url') }), 'InvalidImportToken', 400)
    await b.expectFailure(imp({ EncryptedKeyMaterial: good, ImportToken: 'garbage' }), 'InvalidImportToken', 400)
    await b.expectFailure(imp({ EncryptedKeyMaterial: good, KeyMaterialExpireUnix: String(Math.floor(Date.now() / 1000) - 60) }), 'InvalidParameter', 400)
    await b.expectFailure(imp({ EncryptedKeyMaterial: good, KeyMaterialExpireUnix: '-1' }), 'InvalidParameter', 400)
    await b.expectFailure(
      callV3(ep, 'ImportKeyMaterial', { KeyId: other, ImportToken: p.ImportToken, EncryptedKeyMaterial: good }),
      'InvalidImportToken',
      400,
    )

    for (const id of [keyId, other]) {
      const md = await b.describeKey(id)
      assert.deepEqual([md.KeyState, md.MaterialExpireTime], ['PendingImport', ''])
      assert.equal(await b.storedMaterial(id), null, 'no material was written')
      assert.equal(await b.app.runtime.store.keyImports.getBinding(id), undefined, 'no binding was made')
    }
    await b.expectFailure(callV3(ep, 'Encrypt', { KeyId: keyId, Plaintext: 'AAAA' }), 'Rejected.PendingImport', 409)
  })

  it('binds a key to its first material: re-import of the same succeeds, of different material fails', async () => {
    const keyId = await b.externalKey()
    const material = randomBytes(32)
    await b.importMaterial(keyId, material)
    const enc = await b.v3('Encrypt', { KeyId: keyId, Plaintext: Buffer.from('kept').toString('base64') })
    await b.expectFailure(b.importMaterial(keyId, randomBytes(32)), 'InvalidKeyMaterial', 400)
    await b.importMaterial(keyId, material, 'RSAES_OAEP_SHA_1')
    assert.equal((await b.describeKey(keyId)).KeyState, 'Enabled')
    assert.equal(aesOpen(material, enc.CiphertextBlob).toString(), Buffer.from('kept').toString('base64'))
    const dec = await b.v3('Decrypt', { CiphertextBlob: enc.CiphertextBlob })
    assert.equal(Buffer.from(dec.Plaintext, 'base64').toString(), 'kept')
  })

  it('two simultaneous first imports of different material: exactly one binds the key', async () => {
    const keyId = await b.externalKey()
    const materials = [randomBytes(32), randomBytes(32)]
    const outcomes = await Promise.allSettled(materials.map((m) => b.importMaterial(keyId, m)))
    const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []))
    assert.equal(winners.length, 1, JSON.stringify(outcomes.map((o) => o.status)))
    const loser = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult
    assert.ok(['InvalidKeyMaterial', 'Rejected.StateModifiedFailed'].includes(loser.reason.data?.Code), loser.reason.message)
    const enc = await b.v3('Encrypt', { KeyId: keyId, Plaintext: 'd2lubmVy' })
    assert.equal(aesOpen(materials[winners[0] as number] as Buffer, enc.CiphertextBlob).toString(), 'd2lubmVy')
  })

  it('DeleteKeyMaterial: PendingImport at once (the cache drops the key), same material restores, others refused', async () => {
    const keyId = await b.externalKey()
    const material = randomBytes(32)
    await b.importMaterial(keyId, material)
    const enc = await b.v3('Encrypt', { KeyId: keyId, Plaintext: Buffer.from('before').toString('base64') })
    await b.v3('DisableKey', { KeyId: keyId })
    await b.v3('DeleteKeyMaterial', { KeyId: keyId })
    assert.equal((await b.describeKey(keyId)).KeyState, 'PendingImport', 'Disabled → PendingImport')
    assert.equal(await b.storedMaterial(keyId), null)
    await b.expectFailure(callV3(ep, 'Decrypt', { CiphertextBlob: enc.CiphertextBlob }), 'Rejected.PendingImport', 409)
    await b.v3('DeleteKeyMaterial', { KeyId: keyId })
    await b.expectFailure(b.importMaterial(keyId, randomBytes(32)), 'InvalidKeyMaterial', 400)
    await b.importMaterial(keyId, material)
    assert.equal((await b.describeKey(keyId)).KeyState, 'Enabled')
    const dec = await b.v3('Decrypt', { CiphertextBlob: enc.CiphertextBlob })
    assert.equal(Buffer.from(dec.Plaintext, 'base64').toString(), 'before')

    const kms = kmsClient(ep)
    await kms.deleteKeyMaterial(new KMS.DeleteKeyMaterialRequest({ keyId }))
    await b.expectFailure(callV3(ep, 'Encrypt', { KeyId: keyId, Plaintext: 'AAAA' }), 'Rejected.PendingImport', 409)
  })

  it('PendingDeletion: import is refused (409), DeleteKeyMaterial keeps the state and DeleteDate', async () => {
    const keyId = await b.externalKey()
    await b.importMaterial(keyId, randomBytes(32))
    await b.v3('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: '7' })
    const before = await b.describeKey(keyId)
    await b.expectFailure(b.importMaterial(keyId, randomBytes(32)), 'Rejected.StateModifiedFailed', 409)
    await b.v3('DeleteKeyMaterial', { KeyId: keyId })
    const afterDelete = await b.describeKey(keyId)
    assert.deepEqual([afterDelete.KeyState, afterDelete.DeleteDate], ['PendingDeletion', before.DeleteDate])
    assert.equal(await b.storedMaterial(keyId), null)
    await b.v3('CancelKeyDeletion', { KeyId: keyId })
    assert.equal((await b.describeKey(keyId)).KeyState, 'PendingImport', 'no material: cancelling cannot enable it')
  })
})
