/**
 * AsymmetricSign / Verify / Encrypt / Decrypt, GetPublicKey and ReEncrypt from an asymmetric source, through the
 * official SDKs. The `openssl` command line is the second opinion: it verifies our signatures with the PEM that
 * GetPublicKey returns, encrypts data that we must decrypt, and decrypts what we encrypt.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { KMS, kmsClient, callV3, failure, type Endpoint } from '../support/sdk.js'
import { sm2Digest, spkiFromPem } from '../support/crypto-oracles.js'
import { privateKeyPem, withOpenssl } from '../support/openssl.js'
import { shutdownCryptoPool, signDigest } from '../../src/crypto/asymmetric.js'
import { dispatch } from '../../src/actions/dispatch.js'
import { localCaller } from '../../src/actions/define-action.js'

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64')
const sha256 = (m: Buffer) => createHash('sha256').update(m).digest()
const DISTID = ['-pkeyopt', 'distid:1234567812345678']
const OAEP: Record<string, string[]> = {
  RSAES_OAEP_SHA_256: ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256'],
  RSAES_OAEP_SHA_1: ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha1', '-pkeyopt', 'rsa_mgf1_md:sha1'],
  SM2PKE: [],
}

interface Key {
  keyId: string
  versionId: string
  spec: string
}

/** openssl's verdict on a signature over `message` (whose digest was signed), with the PEM from GetPublicKey. */
function opensslVerifies(pem: string, alg: string, message: Buffer, signature: Buffer): boolean {
  return withOpenssl((dir) => {
    dir.put('pub.pem', pem)
    dir.put('sig', signature)
    if (alg === 'SM2DSA') {
      dir.put('msg', message)
      return dir.run(['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'msg', '-sigfile', 'sig', '-digest', 'sm3', ...DISTID]).ok
    }
    dir.put('digest', sha256(message))
    const pss = alg === 'RSA_PSS_SHA_256' ? ['-pkeyopt', 'rsa_padding_mode:pss', '-pkeyopt', 'rsa_pss_saltlen:32'] : []
    return dir.run(['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-sigfile', 'sig', '-in', 'digest', '-pkeyopt', 'digest:sha256', ...pss]).ok
  })
}

describe('asymmetric operations via the official SDKs, checked by openssl', () => {
  let app: TestApp
  let ep: Endpoint
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let client: any
  const keys = new Map<string, Key>()
  /** Keys are made in-process: RSA-3072 generation on a loaded machine can outlast the SDKs' 5 s idle timeout. */
  const newKey = async (spec: string, usage: string): Promise<Key> => {
    const ctx = { ...app.runtime, requestId: 'setup', caller: localCaller(app.runtime.config.accountId, 'cli', TEST_AK.accessKeyId) }
    const keyId = ((await dispatch('CreateKey', { KeySpec: spec, KeyUsage: usage }, ctx)).KeyMetadata as Record<string, string>).KeyId as string
    const versions = (await dispatch('ListKeyVersions', { KeyId: keyId }, ctx)).KeyVersions as { KeyVersion: Array<{ KeyVersionId: string }> }
    return { keyId, versionId: versions.KeyVersion[0]?.KeyVersionId as string, spec }
  }
  const key = (name: string) => keys.get(name) as Key
  const pemOf = async (k: Key): Promise<string> =>
    (await client.getPublicKey(new KMS.GetPublicKeyRequest({ keyId: k.keyId, keyVersionId: k.versionId }))).publicKey
  const sign = async (k: Key, algorithm: string, digest: Buffer) =>
    Buffer.from(
      (await client.asymmetricSign(new KMS.AsymmetricSignRequest({ keyId: k.keyId, keyVersionId: k.versionId, algorithm, digest: b64(digest) }))).value,
      'base64',
    )
  const verify = async (k: Key, algorithm: string, digest: Buffer, signature: Buffer): Promise<unknown> =>
    (await callV3(ep, 'AsymmetricVerify', { KeyId: k.keyId, KeyVersionId: k.versionId, Algorithm: algorithm, Digest: b64(digest), Value: b64(signature) })).body.Value

  before(async () => {
    app = await startTestApp({}, { keyPoolSize: 0 })
    ep = { endpoint: app.endpoint, ...TEST_AK }
    client = kmsClient(ep)
    const specs: Array<[string, string, string]> = [
      ['RSA_2048', 'RSA_2048', 'SIGN/VERIFY'],
      ['RSA_3072', 'RSA_3072', 'SIGN/VERIFY'],
      ['EC_P256', 'EC_P256', 'SIGN/VERIFY'],
      ['EC_P256K', 'EC_P256K', 'SIGN/VERIFY'],
      ['EC_SM2', 'EC_SM2', 'SIGN/VERIFY'],
      ['RSA_2048 enc', 'RSA_2048', 'ENCRYPT/DECRYPT'],
      ['RSA_3072 enc', 'RSA_3072', 'ENCRYPT/DECRYPT'],
      ['EC_SM2 enc', 'EC_SM2', 'ENCRYPT/DECRYPT'],
    ]
    for (const [name, spec, usage] of specs) keys.set(name, await newKey(spec, usage))
    const warm = await app.runtime.keyCache.version(key('EC_SM2').keyId, key('EC_SM2').versionId)
    await signDigest('EC_SM2', warm?.material as Buffer, 'SM2DSA', Buffer.alloc(32, 1))
  })
  after(async () => {
    await app.stop()
    await shutdownCryptoPool()
  })

  it('openssl verifies AsymmetricSign signatures with the GetPublicKey PEM; tampering fails for both verifiers', async () => {
    const message = Buffer.from('openkms asymmetric signing test')
    const cases: Array<[string, string]> = [
      ['RSA_2048', 'RSA_PSS_SHA_256'],
      ['RSA_2048', 'RSA_PKCS1_SHA_256'],
      ['RSA_3072', 'RSA_PSS_SHA_256'],
      ['RSA_3072', 'RSA_PKCS1_SHA_256'],
      ['EC_P256', 'ECDSA_SHA_256'],
      ['EC_P256K', 'ECDSA_SHA_256'],
      ['EC_SM2', 'SM2DSA'],
    ]
    for (const [name, alg] of cases) {
      const k = key(name)
      const pem = await pemOf(k)
      assert.match(pem, /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/)
      const digest = alg === 'SM2DSA' ? sm2Digest(spkiFromPem(pem), message) : sha256(message)
      const signature = await sign(k, alg, digest)
      assert.ok(opensslVerifies(pem, alg, message, signature), `${name} ${alg}: openssl rejects our signature`)
      assert.equal(await verify(k, alg, digest, signature), true)

      const flipped = Buffer.from(signature)
      flipped[flipped.length >> 1] ^= 0x01
      const other = Buffer.from('another message')
      const otherDigest = alg === 'SM2DSA' ? sm2Digest(spkiFromPem(pem), other) : sha256(other)
      assert.equal(opensslVerifies(pem, alg, message, flipped), false, `${name} ${alg}: flipped`)
      assert.equal(opensslVerifies(pem, alg, other, signature), false, `${name} ${alg}: other message`)
      assert.equal(await verify(k, alg, digest, flipped), false)
      assert.equal(await verify(k, alg, otherDigest, signature), false)
      for (const junk of [Buffer.from([0]), Buffer.alloc(1000, 0x30), signature.subarray(1)])
        assert.equal(await verify(k, alg, digest, junk), false, `${name} ${alg}: malformed`)
    }
    const sdk = await client.asymmetricVerify(
      new KMS.AsymmetricVerifyRequest({ keyId: key('EC_P256').keyId, keyVersionId: key('EC_P256').versionId, algorithm: 'ECDSA_SHA_256', digest: b64(Buffer.alloc(32)), value: b64('x') }),
    )
    assert.equal(sdk.value, false)
  })

  it('AsymmetricDecrypt decrypts what openssl encrypted with the PEM; AsymmetricEncrypt output is decrypted by openssl', async () => {
    const cases: Array<[string, string, number]> = [
      ['RSA_2048 enc', 'RSAES_OAEP_SHA_256', 190],
      ['RSA_2048 enc', 'RSAES_OAEP_SHA_1', 214],
      ['RSA_3072 enc', 'RSAES_OAEP_SHA_256', 318],
      ['RSA_3072 enc', 'RSAES_OAEP_SHA_1', 342],
      ['EC_SM2 enc', 'SM2PKE', 6047],
    ]
    for (const [name, alg, max] of cases) {
      const k = key(name)
      const pem = await pemOf(k)
      const plaintext = Buffer.from(`secret for ${name} ${alg}`)
      const ct = withOpenssl((dir) => {
        dir.put('pub.pem', pem)
        dir.put('pt', plaintext)
        const r = dir.run(['pkeyutl', '-encrypt', '-pubin', '-inkey', 'pub.pem', '-in', 'pt', '-out', 'ct', ...(OAEP[alg] as string[])])
        assert.ok(r.ok, r.stderr)
        return dir.read('ct')
      })
      const req = { keyId: k.keyId, keyVersionId: k.versionId, algorithm: alg }
      const dec = await client.asymmetricDecrypt(new KMS.AsymmetricDecryptRequest({ ...req, ciphertextBlob: b64(ct) }))
      assert.equal(Buffer.from(dec.plaintext, 'base64').toString(), plaintext.toString())
      const tampered = Buffer.from(ct)
      tampered[tampered.length - 3] ^= 0x04
      const f = await failure(client.asymmetricDecrypt(new KMS.AsymmetricDecryptRequest({ ...req, ciphertextBlob: b64(tampered) })))
      assert.deepEqual([f.code, f.status], ['InvalidParameter', 400])
      assert.match(f.message, /CiphertextBlob/)

      const full = Buffer.alloc(max, 0x5a)
      const enc = await client.asymmetricEncrypt(new KMS.AsymmetricEncryptRequest({ ...req, plaintext: b64(full) }))
      const material = (await app.runtime.keyCache.version(k.keyId, k.versionId))?.material as Buffer
      withOpenssl((dir) => {
        dir.put('key.pem', privateKeyPem(material))
        dir.put('ct', Buffer.from(enc.ciphertextBlob, 'base64'))
        const r = dir.run(['pkeyutl', '-decrypt', '-inkey', 'key.pem', '-in', 'ct', '-out', 'pt', ...(OAEP[alg] as string[])])
        assert.ok(r.ok, r.stderr)
        assert.deepEqual(dir.read('pt'), full)
      })
      const over = await failure(client.asymmetricEncrypt(new KMS.AsymmetricEncryptRequest({ ...req, plaintext: b64(Buffer.alloc(max + 1)) })))
      assert.equal(over.code, 'InvalidParameter')
      assert.match(over.message, /Plaintext/)
    }
    const rsa = key('RSA_2048 enc')
    const sha1 = await client.asymmetricEncrypt(
      new KMS.AsymmetricEncryptRequest({ keyId: rsa.keyId, keyVersionId: rsa.versionId, algorithm: 'RSAES_OAEP_SHA_1', plaintext: b64('x') }),
    )
    const crossed = await failure(
      callV3(ep, 'AsymmetricDecrypt', { KeyId: rsa.keyId, KeyVersionId: rsa.versionId, Algorithm: 'RSAES_OAEP_SHA_256', CiphertextBlob: sha1.ciphertextBlob }),
    )
    assert.equal(crossed.code, 'InvalidParameter')
  })

  it('refuses wrong usage, wrong algorithm, bad digests and version ids of another key', async () => {
    const sym = ((await callV3(ep, 'CreateKey', {})).body.KeyMetadata as Record<string, string>).KeyId as string
    const digest = b64(Buffer.alloc(32, 1))
    const signOf = (k: Key, alg: string, d = digest, versionId = k.versionId) =>
      callV3(ep, 'AsymmetricSign', { KeyId: k.keyId, KeyVersionId: versionId, Algorithm: alg, Digest: d })
    const cases: Array<[() => Promise<unknown>, string, RegExp]> = [
      [() => signOf(key('RSA_2048 enc'), 'RSA_PSS_SHA_256'), 'Rejected.UnsupportedOperation', /SIGN\/VERIFY/],
      [() => signOf({ keyId: sym, versionId: 'v', spec: '' }, 'RSA_PSS_SHA_256'), 'Rejected.UnsupportedOperation', /asymmetric/],
      [() => callV3(ep, 'GetPublicKey', { KeyId: sym, KeyVersionId: 'v' }), 'Rejected.UnsupportedOperation', /asymmetric/],
      [() => callV3(ep, 'AsymmetricEncrypt', { KeyId: key('EC_SM2').keyId, KeyVersionId: key('EC_SM2').versionId, Algorithm: 'SM2PKE', Plaintext: digest }), 'Rejected.UnsupportedOperation', /ENCRYPT\/DECRYPT/],
      [() => signOf(key('RSA_2048'), 'ECDSA_SHA_256'), 'InvalidParameter', /"Algorithm".*RSA_PSS_SHA_256/],
      [() => signOf(key('EC_P256'), 'SM2DSA'), 'InvalidParameter', /"Algorithm"/],
      [() => signOf(key('EC_SM2'), 'ECDSA_SHA_256'), 'InvalidParameter', /"Algorithm"/],
      [() => signOf(key('RSA_2048'), 'RSA_PSS_SHA_512'), 'InvalidParameter', /"Algorithm"/],
      [() => callV3(ep, 'AsymmetricEncrypt', { KeyId: key('EC_SM2 enc').keyId, KeyVersionId: key('EC_SM2 enc').versionId, Algorithm: 'RSAES_OAEP_SHA_1', Plaintext: digest }), 'InvalidParameter', /"Algorithm"/],
      [() => signOf(key('RSA_2048'), 'RSA_PSS_SHA_256', 'AAAA', key('RSA_3072').versionId), 'InvalidParameter', /"Digest"/],
      [() => signOf(key('RSA_2048'), 'RSA_PSS_SHA_256', digest, key('RSA_3072').versionId), 'Forbidden.KeyVersionNotFound', /not found/],
      [() => signOf(key('EC_P256'), 'ECDSA_SHA_256', digest, '00000000-0000-4000-8000-000000000000'), 'Forbidden.KeyVersionNotFound', /not found/],
      [() => callV3(ep, 'GetPublicKey', { KeyId: key('EC_P256').keyId }), 'MissingParameter', /KeyVersionId/],
    ]
    for (const [n, alg] of [[31, 'RSA_PKCS1_SHA_256'], [33, 'ECDSA_SHA_256'], [64, 'SM2DSA'], [20, 'RSA_PSS_SHA_256']] as const) {
      const k = key(alg === 'SM2DSA' ? 'EC_SM2' : alg === 'ECDSA_SHA_256' ? 'EC_P256K' : 'RSA_3072')
      cases.push([() => signOf(k, alg, b64(Buffer.alloc(n))), 'InvalidParameter', new RegExp(`"Digest".*got ${n} bytes`)])
      cases.push([
        () => callV3(ep, 'AsymmetricVerify', { KeyId: k.keyId, KeyVersionId: k.versionId, Algorithm: alg, Digest: b64(Buffer.alloc(n)), Value: digest }),
        'InvalidParameter',
        /"Digest"/,
      ])
    }
    for (const [attempt, code, message] of cases) {
      const f = await failure(attempt())
      assert.equal(f.code, code, message.source)
      assert.match(f.message, message)
    }
  })

  it('ReEncrypt takes data encrypted to an asymmetric key (SourceKeyId + SourceKeyVersionId + SourceEncryptionAlgorithm)', async () => {
    const rsa = key('RSA_2048 enc')
    const pem = await pemOf(rsa)
    const ct = withOpenssl((dir) => {
      dir.put('pub.pem', pem)
      dir.put('pt', 'from openssl')
      assert.ok(dir.run(['pkeyutl', '-encrypt', '-pubin', '-inkey', 'pub.pem', '-in', 'pt', '-out', 'ct', ...(OAEP.RSAES_OAEP_SHA_256 as string[])]).ok)
      return dir.read('ct')
    })
    const dest = ((await callV3(ep, 'CreateKey', { KeySpec: 'Aliyun_SM4' })).body.KeyMetadata as Record<string, string>).KeyId as string
    const source = { CiphertextBlob: b64(ct), DestinationKeyId: dest, SourceKeyId: rsa.keyId, SourceKeyVersionId: rsa.versionId }
    const r = await callV3(ep, 'ReEncrypt', { ...source, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256', DestinationEncryptionContext: '{"k":"v"}' })
    assert.equal(r.body.KeyId, dest)
    const dec = await client.decrypt(new KMS.DecryptRequest({ ciphertextBlob: r.body.CiphertextBlob, encryptionContext: { k: 'v' } }))
    assert.equal(Buffer.from(dec.plaintext, 'base64').toString(), 'from openssl')
    assert.equal((await failure(callV3(ep, 'ReEncrypt', source))).code, 'MissingParameter')
    const wrongAlg = await failure(callV3(ep, 'ReEncrypt', { ...source, SourceEncryptionAlgorithm: 'SM2PKE' }))
    assert.match(wrongAlg.message, /"SourceEncryptionAlgorithm"/)
    const sha1 = await failure(callV3(ep, 'ReEncrypt', { ...source, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }))
    assert.match(sha1.message, /"CiphertextBlob"/)
  })

  it('DryRun and key state apply to every asymmetric action', async () => {
    const sig = key('EC_P256K')
    const enc = key('EC_SM2 enc')
    const digest = b64(Buffer.alloc(32, 9))
    const calls: Array<[string, Key, Record<string, string>]> = [
      ['AsymmetricSign', sig, { Algorithm: 'ECDSA_SHA_256', Digest: digest }],
      ['AsymmetricVerify', sig, { Algorithm: 'ECDSA_SHA_256', Digest: digest, Value: b64('x') }],
      ['AsymmetricEncrypt', enc, { Algorithm: 'SM2PKE', Plaintext: b64('x') }],
      ['AsymmetricDecrypt', enc, { Algorithm: 'SM2PKE', CiphertextBlob: b64('x') }],
      ['GetPublicKey', sig, {}],
    ]
    for (const [action, k, params] of calls) {
      const f = await failure(callV3(ep, action, { KeyId: k.keyId, KeyVersionId: k.versionId, ...params, DryRun: 'true' }))
      assert.deepEqual([f.code, f.status], ['DryRunOperationError', 400], action)
    }
    for (const k of [sig, enc]) await client.disableKey(new KMS.DisableKeyRequest({ keyId: k.keyId }))
    for (const [action, k, params] of calls) {
      for (const dryRun of ['true', 'false']) {
        const f = await failure(callV3(ep, action, { KeyId: k.keyId, KeyVersionId: k.versionId, ...params, DryRun: dryRun }))
        assert.deepEqual([f.code, f.status], ['Rejected.Disabled', 409], `${action} DryRun=${dryRun}`)
      }
    }
    for (const k of [sig, enc]) await client.enableKey(new KMS.EnableKeyRequest({ keyId: k.keyId }))
    assert.equal((await callV3(ep, 'GetPublicKey', { KeyId: sig.keyId, KeyVersionId: sig.versionId })).statusCode, 200)
  })
})
