/**
 * GenerateDataKey*, ExportDataKey, GenerateAndExportDataKey, ReEncrypt (symmetric source) and DryRun through the
 * official SDKs. Exported data keys are decrypted by `openssl pkeyutl -decrypt` with locally generated RSA and SM2
 * keys, the second implementation.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { KMS, kmsClient, callV3, callPop, failure, type Endpoint } from '../support/sdk.js'
import { withOpenssl } from '../support/openssl.js'
import { asymmetricEncrypt, shutdownCryptoPool } from '../../src/crypto/asymmetric.js'

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64')
const fromB64 = (s: unknown) => Buffer.from(s as string, 'base64')

interface LocalKey {
  pem: string
  spkiB64: string
}

function localKey(genArgs: string[]): LocalKey {
  return withOpenssl((dir) => {
    const gen = dir.run(['genpkey', ...genArgs, '-out', 'key.pem'])
    assert.ok(gen.ok, gen.stderr)
    const pub = dir.run(['pkey', '-in', 'key.pem', '-pubout', '-outform', 'DER', '-out', 'pub.der'])
    assert.ok(pub.ok, pub.stderr)
    return { pem: dir.read('key.pem').toString(), spkiB64: dir.read('pub.der').toString('base64') }
  })
}

const OAEP: Record<string, string[]> = {
  RSAES_OAEP_SHA_256: ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256'],
  RSAES_OAEP_SHA_1: ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha1', '-pkeyopt', 'rsa_mgf1_md:sha1'],
  SM2PKE: [],
}

/** The exported data key as openssl decrypts it with the local private key. */
function opensslDecrypt(key: LocalKey, algorithm: string, exported: Buffer): Buffer {
  return withOpenssl((dir) => {
    dir.put('key.pem', key.pem)
    dir.put('ek', exported)
    const r = dir.run(['pkeyutl', '-decrypt', '-inkey', 'key.pem', '-in', 'ek', '-out', 'dk', ...(OAEP[algorithm] as string[])])
    assert.ok(r.ok, r.stderr)
    return dir.read('dk')
  })
}

describe('data keys, export and ReEncrypt via the official SDKs', () => {
  let app: TestApp
  let ep: Endpoint
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let client: any
  let rsa: LocalKey
  let rsa3072: LocalKey
  let sm2: LocalKey
  let p256: LocalKey
  const newKey = async (spec: string) =>
    (((await callV3(ep, 'CreateKey', { KeySpec: spec })).body.KeyMetadata as Record<string, string>).KeyId as string)

  before(async () => {
    app = await startTestApp({}, { keyPoolSize: 0 })
    ep = { endpoint: app.endpoint, ...TEST_AK }
    client = kmsClient(ep)
    rsa = localKey(['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'])
    rsa3072 = localKey(['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:3072'])
    sm2 = localKey(['-algorithm', 'SM2'])
    p256 = localKey(['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'])
    // Starts the crypto worker before the first SM2 request, so no request waits for it.
    await asymmetricEncrypt('EC_SM2', fromB64(sm2.spkiB64), 'SM2PKE', Buffer.from('warm-up'))
  })
  after(async () => {
    await app.stop()
    await shutdownCryptoPool()
  })

  it('GenerateDataKey: lengths by KeySpec / NumberOfBytes, bounds, and the data key decrypts with Decrypt', async () => {
    const keyId = await newKey('Aliyun_AES_256')
    const cases: Array<[Record<string, unknown>, number]> = [
      [{}, 32],
      [{ keySpec: 'AES_128' }, 16],
      [{ keySpec: 'AES_256' }, 32],
      [{ keySpec: 'AES_128', numberOfBytes: 7 }, 7],
      [{ numberOfBytes: 1 }, 1],
      [{ numberOfBytes: 1024 }, 1024],
    ]
    for (const [extra, length] of cases) {
      const context = { case: String(length) }
      const dk = await client.generateDataKey(new KMS.GenerateDataKeyRequest({ keyId, encryptionContext: context, ...extra }))
      assert.equal(fromB64(dk.plaintext).length, length, JSON.stringify(extra))
      assert.equal(dk.keyId, keyId)
      const dec = await client.decrypt(new KMS.DecryptRequest({ ciphertextBlob: dk.ciphertextBlob, encryptionContext: context }))
      assert.equal(dec.plaintext, dk.plaintext)
      assert.equal(dec.keyVersionId, dk.keyVersionId)
    }
    for (const bad of ['0', '1025', '-1', 'abc', '1.5']) {
      const f = await failure(callV3(ep, 'GenerateDataKey', { KeyId: keyId, NumberOfBytes: bad }))
      assert.deepEqual([f.code, f.status], ['InvalidParameter', 400], bad)
      assert.match(f.message, /NumberOfBytes/)
    }
    assert.equal((await failure(callV3(ep, 'GenerateDataKey', { KeyId: keyId, KeySpec: 'AES_512' }))).code, 'InvalidParameter')
    const without = await client.generateDataKeyWithoutPlaintext(new KMS.GenerateDataKeyWithoutPlaintextRequest({ keyId, keySpec: 'AES_128' }))
    assert.equal(without.plaintext, undefined)
    assert.equal(fromB64((await client.decrypt(new KMS.DecryptRequest({ ciphertextBlob: without.ciphertextBlob }))).plaintext).length, 16)
  })

  it('ExportDataKey: openssl decrypts the exported key (RSA OAEP SHA-256 and SHA-1, SM2) and it equals the data key', async () => {
    const keyId = await newKey('Aliyun_SM4')
    const context = { app: 'export' }
    const dk = await client.generateDataKey(new KMS.GenerateDataKeyRequest({ keyId, encryptionContext: context }))
    const targets: Array<[LocalKey, string, string]> = [
      [rsa, 'RSA_2048', 'RSAES_OAEP_SHA_256'],
      [rsa, 'RSA_2048', 'RSAES_OAEP_SHA_1'],
      [sm2, 'EC_SM2', 'SM2PKE'],
    ]
    for (const [key, spec, algorithm] of targets) {
      const r = await callV3(ep, 'ExportDataKey', {
        CiphertextBlob: dk.ciphertextBlob,
        PublicKeyBlob: key.spkiB64,
        WrappingKeySpec: spec,
        WrappingAlgorithm: algorithm,
        EncryptionContext: JSON.stringify(context),
      })
      assert.equal(r.body.KeyId, keyId)
      assert.equal(r.body.KeyVersionId, dk.keyVersionId)
      assert.equal(opensslDecrypt(key, algorithm, fromB64(r.body.ExportedDataKey)).toString('base64'), dk.plaintext, algorithm)
    }
    const wrongContext = await failure(
      callV3(ep, 'ExportDataKey', { CiphertextBlob: dk.ciphertextBlob, PublicKeyBlob: rsa.spkiB64, WrappingKeySpec: 'RSA_2048', WrappingAlgorithm: 'RSAES_OAEP_SHA_256' }),
    )
    assert.equal(wrongContext.code, 'InvalidParameter')
    assert.match(wrongContext.message, /CiphertextBlob/)
  })

  it('GenerateAndExportDataKey: openssl decrypts ExportedDataKey to what Decrypt returns for CiphertextBlob', async () => {
    const keyId = await newKey('Aliyun_AES_256')
    for (const [key, spec, algorithm, bytes] of [
      [rsa, 'RSA_2048', 'RSAES_OAEP_SHA_256', '190'],
      [rsa, 'RSA_2048', 'RSAES_OAEP_SHA_1', '16'],
      [sm2, 'EC_SM2', 'SM2PKE', '1024'],
    ] as Array<[LocalKey, string, string, string]>) {
      const r = await callPop(ep, 'GenerateAndExportDataKey', {
        KeyId: keyId,
        PublicKeyBlob: key.spkiB64,
        WrappingKeySpec: spec,
        WrappingAlgorithm: algorithm,
        NumberOfBytes: bytes,
      })
      const exported = opensslDecrypt(key, algorithm, fromB64(r.ExportedDataKey))
      assert.equal(exported.length, Number(bytes))
      const dec = await client.decrypt(new KMS.DecryptRequest({ ciphertextBlob: r.CiphertextBlob }))
      assert.equal(dec.plaintext, exported.toString('base64'))
      assert.equal(r.KeyId, keyId)
    }
  })

  it('export refuses a mismatched spec/algorithm, a public key not of the spec, and data keys too long for RSA', async () => {
    const keyId = await newKey('Aliyun_AES_256')
    const base = { KeyId: keyId, PublicKeyBlob: rsa.spkiB64, WrappingKeySpec: 'RSA_2048', WrappingAlgorithm: 'RSAES_OAEP_SHA_256' }
    const refusals: Array<[Record<string, string>, string]> = [
      [{ WrappingAlgorithm: 'SM2PKE' }, 'WrappingAlgorithm'],
      [{ WrappingKeySpec: 'EC_SM2', PublicKeyBlob: sm2.spkiB64 }, 'WrappingAlgorithm'],
      [{ PublicKeyBlob: rsa3072.spkiB64 }, 'PublicKeyBlob'],
      [{ PublicKeyBlob: sm2.spkiB64 }, 'PublicKeyBlob'],
      [{ WrappingKeySpec: 'EC_SM2', WrappingAlgorithm: 'SM2PKE', PublicKeyBlob: p256.spkiB64 }, 'PublicKeyBlob'],
      [{ WrappingKeySpec: 'EC_SM2', WrappingAlgorithm: 'SM2PKE', PublicKeyBlob: rsa.spkiB64 }, 'PublicKeyBlob'],
      [{ PublicKeyBlob: b64('not a key') }, 'PublicKeyBlob'],
      [{ WrappingKeySpec: 'RSA_4096' }, 'WrappingKeySpec'],
      [{ NumberOfBytes: '191' }, 'NumberOfBytes'],
    ]
    for (const [patch, param] of refusals) {
      const f = await failure(callV3(ep, 'GenerateAndExportDataKey', { ...base, ...patch }))
      assert.deepEqual([f.code, f.status], ['InvalidParameter', 400], JSON.stringify(patch))
      assert.match(f.message, new RegExp(`"${param}"`), JSON.stringify(patch))
    }
    const point = fromB64(sm2.spkiB64)
    point[point.length - 1] ^= 1
    const offCurve = await failure(callV3(ep, 'GenerateAndExportDataKey', { ...base, WrappingKeySpec: 'EC_SM2', WrappingAlgorithm: 'SM2PKE', PublicKeyBlob: point.toString('base64') }))
    assert.match(offCurve.message, /"PublicKeyBlob"/)
    const big = await client.generateDataKey(new KMS.GenerateDataKeyRequest({ keyId, numberOfBytes: 300 }))
    const tooLong = await failure(callV3(ep, 'ExportDataKey', { ...base, KeyId: '', CiphertextBlob: big.ciphertextBlob }))
    assert.equal(tooLong.code, 'InvalidParameter')
    const notADataKey = (await client.encrypt(new KMS.EncryptRequest({ keyId, plaintext: 'not a data key!' }))).ciphertextBlob
    const f = await failure(callV3(ep, 'ExportDataKey', { ...base, KeyId: '', CiphertextBlob: notADataKey }))
    assert.match(f.message, /"CiphertextBlob".*data key/)
  })

  it('ReEncrypt moves a ciphertext to another key and context, and returns the destination key and version', async () => {
    const [a, bKey, other] = [await newKey('Aliyun_AES_256'), await newKey('Aliyun_SM4'), await newKey('Aliyun_AES_128')]
    const enc = await client.encrypt(new KMS.EncryptRequest({ keyId: a, plaintext: b64('move me'), encryptionContext: { from: 'a' } }))
    const r = await callPop(ep, 'ReEncrypt', {
      CiphertextBlob: enc.ciphertextBlob,
      SourceEncryptionContext: '{"from":"a"}',
      DestinationKeyId: bKey,
      DestinationEncryptionContext: '{"to":"b"}',
    })
    const bMeta = (await client.describeKey(new KMS.DescribeKeyRequest({ keyId: bKey }))).keyMetadata
    assert.deepEqual([r.KeyId, r.KeyVersionId], [bKey, bMeta.primaryKeyVersion])
    const dec = await client.decrypt(new KMS.DecryptRequest({ ciphertextBlob: r.CiphertextBlob, encryptionContext: { to: 'b' } }))
    assert.deepEqual([dec.keyId, dec.plaintext], [bKey, b64('move me')])
    const explicit = await callV3(ep, 'ReEncrypt', { CiphertextBlob: enc.ciphertextBlob, SourceEncryptionContext: '{"from":"a"}', SourceKeyId: a, DestinationKeyId: bKey })
    assert.equal(explicit.body.KeyId, bKey)

    const refusals: Array<[Record<string, string>, string, RegExp]> = [
      [{}, 'InvalidParameter', /CiphertextBlob/],
      [{ SourceEncryptionContext: '{"from":"a"}', SourceKeyId: other }, 'InvalidParameter', /SourceKeyId/],
      [{ SourceKeyVersionId: 'v' }, 'MissingParameter', /SourceKeyId/],
      [{ SourceEncryptionContext: '{"from":"a"}', SourceKeyId: a, SourceEncryptionAlgorithm: 'SM2PKE' }, 'InvalidParameter', /SourceEncryptionAlgorithm/],
      [{ SourceEncryptionContext: '{"from":"a"}', DestinationKeyId: await newKey('EC_P256') }, 'Rejected.UnsupportedOperation', /symmetric/],
    ]
    for (const [patch, code, message] of refusals) {
      const f = await failure(callV3(ep, 'ReEncrypt', { CiphertextBlob: enc.ciphertextBlob, DestinationKeyId: bKey, ...patch }))
      assert.equal(f.code, code, JSON.stringify(patch))
      assert.match(f.message, message)
    }
  })

  it('DryRun=true checks everything and then fails with DryRunOperationError (400) on every symmetric action', async () => {
    const keyId = await newKey('Aliyun_AES_256')
    const blob = (await client.generateDataKey(new KMS.GenerateDataKeyRequest({ keyId }))).ciphertextBlob
    const exportTo = { PublicKeyBlob: rsa.spkiB64, WrappingKeySpec: 'RSA_2048', WrappingAlgorithm: 'RSAES_OAEP_SHA_256' }
    const calls: Array<[string, Record<string, string>]> = [
      ['Encrypt', { KeyId: keyId, Plaintext: b64('x') }],
      ['Decrypt', { CiphertextBlob: blob }],
      ['GenerateDataKey', { KeyId: keyId }],
      ['GenerateDataKeyWithoutPlaintext', { KeyId: keyId }],
      ['GenerateAndExportDataKey', { KeyId: keyId, ...exportTo }],
      ['ExportDataKey', { CiphertextBlob: blob, ...exportTo }],
      ['ReEncrypt', { CiphertextBlob: blob, DestinationKeyId: keyId }],
    ]
    for (const [action, params] of calls) {
      const f = await failure(callV3(ep, action, { ...params, DryRun: 'true' }))
      assert.deepEqual([f.code, f.status], ['DryRunOperationError', 400], action)
      assert.equal((await callV3(ep, action, { ...params, DryRun: 'false' })).statusCode, 200, action)
    }
    assert.equal((await failure(callPop(ep, 'Encrypt', { KeyId: keyId, Plaintext: b64('x'), DryRun: 'true' }))).code, 'DryRunOperationError')
    assert.equal((await failure(callV3(ep, 'Encrypt', { KeyId: 'key-missing', Plaintext: b64('x'), DryRun: 'true' }))).code, 'Forbidden.KeyNotFound')
    assert.equal((await failure(callV3(ep, 'Encrypt', { KeyId: keyId, Plaintext: 'x'.repeat(8193), DryRun: 'true' }))).code, 'InvalidParameter')
    assert.equal((await failure(callV3(ep, 'ExportDataKey', { CiphertextBlob: blob, ...exportTo, WrappingAlgorithm: 'SM2PKE', DryRun: 'true' }))).code, 'InvalidParameter')
    assert.equal((await failure(callV3(ep, 'Decrypt', { CiphertextBlob: b64('garbage'), DryRun: 'true' }))).code, 'InvalidParameter')
    assert.equal((await failure(callV3(ep, 'Encrypt', { KeyId: keyId, Plaintext: b64('x'), DryRun: 'maybe' }))).code, 'InvalidParameter')
  })
})
