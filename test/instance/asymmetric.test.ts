/**
 * The instance API on asymmetric keys and data key pairs, checked by the `openssl` command line: Sign signatures
 * verify with GetPublicKey's PEM (RAW and DIGEST, every algorithm), RSA ciphertexts cross between openssl and the
 * instance API (and the control plane), and every GenerateDataKeyPair* public key belongs to its private key.
 */
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { callV3, type Endpoint } from '../support/sdk.js'
import { withOpenssl } from '../support/openssl.js'
import { InstanceApiError, type InstanceClient } from '../../src/instance-client/index.js'
import { grantAccess, instanceClient, KEY_USER } from './access-setup.js'

const DISTID = ['-pkeyopt', 'distid:1234567812345678']
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest()

async function refusal(p: Promise<unknown>): Promise<[string, number]> {
  try {
    await p
  } catch (e) {
    assert.ok(e instanceof InstanceApiError, String(e))
    return [e.code, e.httpStatus]
  }
  throw new Error('expected an error answer')
}

/** openssl's verdict on a signature over `message`, with the PEM from GetPublicKey. */
function opensslVerifies(pem: string, alg: string, message: Buffer, signature: Buffer): boolean {
  return withOpenssl((dir) => {
    dir.put('pub.pem', pem)
    dir.put('sig', signature)
    dir.put('msg', message)
    if (alg === 'SM2DSA') {
      return dir.run(['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'msg', '-sigfile', 'sig', '-digest', 'sm3', ...DISTID]).ok
    }
    const pss = alg === 'RSA_PSS_SHA_256' ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:auto'] : []
    return dir.run(['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig', ...pss, 'msg']).ok
  })
}

/** The public key openssl derives from a private key (PEM or DER), as SPKI DER. */
function opensslPublicOf(privateKey: Buffer, format: 'PEM' | 'DER'): Buffer {
  return withOpenssl((dir) => {
    dir.put('key', privateKey)
    const r = dir.run(['pkey', '-inform', format, '-in', 'key', '-pubout', '-outform', 'DER', '-out', 'pub.der'])
    assert.ok(r.ok, r.stderr)
    return dir.read('pub.der')
  })
}

const pemToDer = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64')

describe('instance API: asymmetric keys and data key pairs, checked by openssl', () => {
  let app: TestApp
  let ep: Endpoint
  let kms: InstanceClient
  const createKey = async (spec: string, usage: string) =>
    ((await callV3(ep, 'CreateKey', { KeySpec: spec, KeyUsage: usage })).body.KeyMetadata as Record<string, string>).KeyId as string

  before(async () => {
    app = await startTestApp({}, { keyPoolSize: 0 })
    ep = { endpoint: app.endpoint, ...TEST_AK }
    kms = instanceClient(app, await grantAccess(ep, { permissions: [KEY_USER], resources: ['key/*'] }))
  })
  after(async () => {
    kms.close()
    await app.stop()
  })

  it('Sign (RAW and DIGEST) verifies with openssl and with Verify; tampering fails both', async () => {
    const cases: [string, string[]][] = [
      ['RSA_2048', ['RSA_PSS_SHA_256', 'RSA_PKCS1_SHA_256']],
      ['EC_P256', ['ECDSA_SHA_256']],
      ['EC_P256K', ['ECDSA_SHA_256']],
      ['EC_SM2', ['SM2DSA']],
    ]
    for (const [spec, algs] of cases) {
      const keyId = await createKey(spec, 'SIGN/VERIFY')
      const { PublicKey: pem } = await kms.getPublicKey({ KeyId: keyId })
      assert.match(pem, /^-----BEGIN PUBLIC KEY-----\n/)
      for (const alg of algs) {
        const message = Buffer.from(`message for ${spec} ${alg}`)
        const rawSig = (await kms.sign({ KeyId: keyId, Algorithm: alg, Message: message, MessageType: 'RAW' })).Signature
        assert.ok(opensslVerifies(pem, alg, message, rawSig), `${spec} ${alg} RAW`)
        assert.equal((await kms.verify({ KeyId: keyId, Algorithm: alg, Message: message, Signature: rawSig })).Value, true)
        const flipped = Buffer.from(rawSig)
        flipped[flipped.length - 1] ^= 1
        assert.equal(opensslVerifies(pem, alg, message, flipped), false)
        assert.equal((await kms.verify({ KeyId: keyId, Algorithm: alg, Message: message, Signature: flipped })).Value, false)
        assert.equal((await kms.verify({ KeyId: keyId, Algorithm: alg, Message: Buffer.from('other'), Signature: rawSig })).Value, false)
        if (alg === 'SM2DSA') continue
        const digestSig = await kms.sign({ KeyId: keyId, Algorithm: alg, Message: sha256(message), MessageType: 'DIGEST' })
        assert.equal(digestSig.MessageType, 'DIGEST')
        assert.ok(opensslVerifies(pem, alg, message, digestSig.Signature), `${spec} ${alg} DIGEST`)
        const legacy = await kms.sign({ KeyId: keyId, Algorithm: alg, Digest: sha256(message) })
        assert.ok(opensslVerifies(pem, alg, message, legacy.Signature), `${spec} ${alg} Digest field`)
      }
    }
  })

  it('Sign defaults, and refusals: wrong algorithm, DIGEST of the wrong size, symmetric or encryption keys', async () => {
    const rsa = await createKey('RSA_2048', 'SIGN/VERIFY')
    const signed = await kms.sign({ KeyId: rsa, Message: Buffer.from('m') })
    assert.equal(signed.Algorithm, 'RSA_PSS_SHA_256')
    assert.equal(signed.MessageType, 'RAW')
    assert.deepEqual(await refusal(kms.sign({ KeyId: rsa, Algorithm: 'ECDSA_SHA_256', Message: Buffer.from('m') })), ['InvalidParameter', 400])
    assert.deepEqual(await refusal(kms.sign({ KeyId: rsa, Message: Buffer.from('short'), MessageType: 'DIGEST' })), ['InvalidParameter', 400])
    assert.deepEqual(await refusal(kms.sign({ KeyId: rsa, Message: Buffer.from('m'), MessageType: 'HASHED' })), ['InvalidParameter', 400])
    const aes = await createKey('Aliyun_AES_256', 'ENCRYPT/DECRYPT')
    assert.deepEqual(await refusal(kms.sign({ KeyId: aes, Message: Buffer.from('m') })), ['UnsupportedOperation', 400])
    assert.deepEqual(await refusal(kms.getPublicKey({ KeyId: aes })), ['UnsupportedOperation', 400])
    assert.deepEqual(await refusal(kms.hmac({ KeyId: aes, Message: Buffer.from('m') })), ['UnsupportedOperation', 400])
    const enc = await createKey('RSA_2048', 'ENCRYPT/DECRYPT')
    assert.deepEqual(await refusal(kms.sign({ KeyId: enc, Message: Buffer.from('m') })), ['UnsupportedOperation', 400])
    assert.deepEqual(await refusal(kms.encrypt({ KeyId: rsa, Plaintext: Buffer.from('m') })), ['UnsupportedOperation', 400])
  })

  it('RSA and SM2 Encrypt/Decrypt interoperate with openssl and the control plane', async () => {
    const rsa = await createKey('RSA_2048', 'ENCRYPT/DECRYPT')
    const { PublicKey: pem } = await kms.getPublicKey({ KeyId: rsa })
    for (const [alg, hash] of [['RSAES_OAEP_SHA_256', 'sha256'], ['RSAES_OAEP_SHA_1', 'sha1']] as const) {
      const oaep = ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${hash}`, '-pkeyopt', `rsa_mgf1_md:${hash}`]
      const fromOpenssl = withOpenssl((dir) => {
        dir.put('pub.pem', pem)
        dir.put('pt', `from openssl ${alg}`)
        assert.ok(dir.run(['pkeyutl', '-encrypt', '-pubin', '-inkey', 'pub.pem', '-in', 'pt', '-out', 'ct', ...oaep]).ok)
        return dir.read('ct')
      })
      const dec = await kms.decrypt({ KeyId: rsa, Algorithm: alg, CiphertextBlob: fromOpenssl })
      assert.equal(dec.Plaintext.toString(), `from openssl ${alg}`)
      const enc = await kms.encrypt({ KeyId: rsa, Algorithm: alg, Plaintext: Buffer.from(`to the control plane ${alg}`) })
      assert.equal(enc.Iv.length, 0)
      const versionId = ((await callV3(ep, 'ListKeyVersions', { KeyId: rsa })).body.KeyVersions as { KeyVersion: { KeyVersionId: string }[] })
        .KeyVersion[0]?.KeyVersionId as string
      const cp = await callV3(ep, 'AsymmetricDecrypt', { KeyId: rsa, KeyVersionId: versionId, Algorithm: alg, CiphertextBlob: enc.CiphertextBlob.toString('base64') })
      assert.equal(Buffer.from(cp.body.Plaintext as string, 'base64').toString(), `to the control plane ${alg}`)
    }
    assert.equal((await kms.encrypt({ KeyId: rsa, Plaintext: Buffer.from('x') })).Algorithm, 'RSAES_OAEP_SHA_256')
    assert.deepEqual(await refusal(kms.decrypt({ KeyId: rsa, CiphertextBlob: Buffer.alloc(256, 1) })), ['InvalidParameter', 400])
    assert.deepEqual(await refusal(kms.encrypt({ KeyId: rsa, Algorithm: 'SM2PKE', Plaintext: Buffer.from('x') })), ['InvalidParameter', 400])

    const sm2 = await createKey('EC_SM2', 'ENCRYPT/DECRYPT')
    const sm2Enc = await kms.encrypt({ KeyId: sm2, Plaintext: Buffer.from('sm2 secret') })
    assert.equal(sm2Enc.Algorithm, 'SM2PKE')
    assert.equal((await kms.decrypt({ KeyId: sm2, CiphertextBlob: sm2Enc.CiphertextBlob })).Plaintext.toString(), 'sm2 secret')
  })

  it("GenerateDataKeyPair*: openssl derives PublicKey from the private key, and the sealed private key opens", async () => {
    const aes = await createKey('Aliyun_AES_256', 'ENCRYPT/DECRYPT')
    for (const [spec, format] of [['RSA_2048', 'PEM'], ['EC_P256', 'DER'], ['EC_SM2', 'PEM'], ['EC_P256K', 'PEM']] as const) {
      const pair = await kms.generateDataKeyPair({ KeyId: aes, KeyPairSpec: spec, KeyFormat: format, Aad: Buffer.from(spec) })
      assert.equal(pair.KeyPairSpec, spec)
      assert.equal(pair.Algorithm, 'AES_GCM')
      const spki = format === 'PEM' ? pemToDer(pair.PublicKey.toString()) : pair.PublicKey
      if (format === 'PEM') assert.match(pair.PrivateKeyPlaintext.toString(), /^-----BEGIN PRIVATE KEY-----\n/)
      assert.deepEqual(opensslPublicOf(pair.PrivateKeyPlaintext, format), spki, `${spec} ${format}`)
      const opened = await kms.decrypt({ KeyId: aes, CiphertextBlob: pair.PrivateKeyCiphertextBlob, Iv: pair.Iv, Aad: Buffer.from(spec) })
      assert.deepEqual(opened.Plaintext, pair.PrivateKeyPlaintext)
    }
    const hidden = await kms.generateDataKeyPairWithoutPlaintext({ KeyId: aes, KeyPairSpec: 'EC_P256' })
    assert.equal('PrivateKeyPlaintext' in hidden, false)
    const privateKey = (await kms.decrypt({ KeyId: aes, CiphertextBlob: hidden.PrivateKeyCiphertextBlob, Iv: hidden.Iv })).Plaintext
    assert.deepEqual(opensslPublicOf(privateKey, 'PEM'), pemToDer(hidden.PublicKey.toString()))

    const adv = await kms.advanceGenerateDataKeyPair({ KeyId: aes, KeyFormat: 'DER' })
    assert.equal(adv.KeyPairSpec, 'RSA_2048')
    assert.deepEqual(opensslPublicOf(adv.PrivateKeyPlaintext, 'DER'), adv.PublicKey)
    assert.deepEqual((await kms.advanceDecrypt({ CiphertextBlob: adv.PrivateKeyCiphertextBlob })).Plaintext, adv.PrivateKeyPlaintext)
    const advHidden = await kms.advanceGenerateDataKeyPairWithoutPlaintext({ KeyId: aes, KeyPairSpec: 'EC_SM2', Aad: Buffer.from('a') })
    const advKey = (await kms.advanceDecrypt({ CiphertextBlob: advHidden.PrivateKeyCiphertextBlob, Aad: Buffer.from('a') })).Plaintext
    assert.deepEqual(opensslPublicOf(advKey, 'PEM'), pemToDer(advHidden.PublicKey.toString()))
    assert.equal(advHidden.KeyVersionId.length, 36)

    assert.deepEqual(await refusal(kms.generateDataKeyPair({ KeyId: aes, KeyPairSpec: 'RSA_1024' })), ['InvalidParameter', 400])
    assert.deepEqual(await refusal(kms.generateDataKeyPair({ KeyId: aes, KeyFormat: 'JWK' })), ['InvalidParameter', 400])
    const rsa = await createKey('RSA_2048', 'ENCRYPT/DECRYPT')
    assert.deepEqual(await refusal(kms.generateDataKeyPair({ KeyId: rsa })), ['UnsupportedOperation', 400])
  })
})
