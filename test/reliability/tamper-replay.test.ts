/**
 * Tamper and replay. Tampering: EVERY single-bit flip of sample ciphertexts (Encrypt, GenerateDataKey, AsymmetricEncrypt) is
 * refused by Decrypt / AsymmetricDecrypt with a catalogued 4xx error, and every single-bit flip of sample
 * signatures makes AsymmetricVerify answer false. The exhaustive sweeps run through the action registry
 * in-process (the code behind the HTTP layer); a sample of flips also goes over HTTP with V1 and V3
 * signatures. The untampered samples are checked by node:crypto as a second implementation.
 * Replay: a signed request is accepted once (V1 `SignatureNonce`, V3 `x-acs-signature-nonce`), also across
 * a restart; a request signed more than 15 minutes off the server clock is refused; an edited one too.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, createPublicKey, constants, verify } from 'node:crypto'
import { dispatch } from '../../src/actions/dispatch.js'
import { ERROR_CATALOG, isKmsError } from '../../src/domain/errors.js'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { call, send, signRequest, type SignedRequest } from '../support/signed-request.js'
import { localCaller } from '../../src/actions/define-action.js'

const b64 = (b: Buffer) => b.toString('base64')
const PARALLEL = 8
const DIGEST = createHash('sha256').update('openkms tamper test').digest()

/** Copies of `buf` with bit `i` flipped, for every i. */
function* bitFlips(buf: Buffer): Generator<[number, Buffer]> {
  for (let i = 0; i < buf.length * 8; i++) {
    const copy = Buffer.from(buf)
    copy[i >> 3] = (copy[i >> 3] as number) ^ (0x80 >> (i & 7))
    yield [i, copy]
  }
}

describe('tampered ciphertexts and signatures are refused', () => {
  let app: TestApp
  const run = (action: string, params: Record<string, string>) =>
    dispatch(action, params, { ...app.runtime, requestId: 'tamper', caller: localCaller(app.runtime.config.accountId, 'cli', TEST_AK.accessKeyId) })

  const createKey = async (spec: string, usage: string) => {
    const md = (await run('CreateKey', { KeySpec: spec, KeyUsage: usage })).KeyMetadata as Record<string, string>
    const versions = (await run('ListKeyVersions', { KeyId: md.KeyId as string })).KeyVersions as { KeyVersion: Array<{ KeyVersionId: string }> }
    return { keyId: md.KeyId as string, keyVersionId: versions.KeyVersion[0]!.KeyVersionId }
  }

  /** Runs `action` on every flip; each must be refused with a catalogued client error (or, with `verify`, answer false). */
  async function sweep(action: string, sample: Buffer, params: (flipped: Buffer) => Record<string, string>, mode: 'refuse' | 'verify-false') {
    const accepted: number[] = []
    const one = async ([bit, flipped]: [number, Buffer]) => {
      try {
        const r = await run(action, params(flipped))
        if (mode === 'refuse' || r.Value !== false) accepted.push(bit)
      } catch (e) {
        assert.ok(isKmsError(e), `bit ${bit}: ${action} threw a non-catalogued error: ${String(e)}`)
        assert.ok(mode === 'refuse', `bit ${bit}: AsymmetricVerify must answer false, not ${e.code}`)
        assert.ok(e.status >= 400 && e.status < 500 && ERROR_CATALOG[e.code].status === e.status, `bit ${bit}: ${e.code} ${e.status}`)
      }
    }
    const all = [...bitFlips(sample)]
    // A few at a time keeps the crypto worker threads busy without flooding them.
    for (let i = 0; i < all.length; i += PARALLEL) await Promise.all(all.slice(i, i + PARALLEL).map(one))
    assert.deepEqual(accepted, [], `${action} accepted ${accepted.length} of ${sample.length * 8} single-bit flips, e.g. bit ${accepted[0]}`)
  }

  before(async () => {
    app = await startTestApp()
  })
  after(async () => app.stop())

  for (const spec of ['Aliyun_AES_256', 'Aliyun_SM4']) {
    it(`${spec}: every bit flip of an Encrypt and a GenerateDataKey ciphertext is refused by Decrypt`, async () => {
      const { keyId } = await createKey(spec, 'ENCRYPT/DECRYPT')
      const context = JSON.stringify({ purpose: 'tamper' })
      const enc = await run('Encrypt', { KeyId: keyId, Plaintext: b64(Buffer.from('attack at dawn')), EncryptionContext: context })
      const blob = Buffer.from(enc.CiphertextBlob as string, 'base64')
      const back = await run('Decrypt', { CiphertextBlob: b64(blob), EncryptionContext: context })
      assert.equal(Buffer.from(back.Plaintext as string, 'base64').toString(), 'attack at dawn')
      await sweep('Decrypt', blob, (f) => ({ CiphertextBlob: b64(f), EncryptionContext: context }), 'refuse')
      const dk = await run('GenerateDataKey', { KeyId: keyId })
      await sweep('Decrypt', Buffer.from(dk.CiphertextBlob as string, 'base64'), (f) => ({ CiphertextBlob: b64(f) }), 'refuse')
    })
  }

  it('RSA_2048 OAEP: every bit flip of an AsymmetricEncrypt ciphertext is refused by AsymmetricDecrypt', async () => {
    const key = await createKey('RSA_2048', 'ENCRYPT/DECRYPT')
    const alg = 'RSAES_OAEP_SHA_256'
    const enc = await run('AsymmetricEncrypt', { KeyId: key.keyId, KeyVersionId: key.keyVersionId, Algorithm: alg, Plaintext: b64(Buffer.from('secret')) })
    const ct = Buffer.from(enc.CiphertextBlob as string, 'base64')
    await sweep('AsymmetricDecrypt', ct, (f) => ({ KeyId: key.keyId, KeyVersionId: key.keyVersionId, Algorithm: alg, CiphertextBlob: b64(f) }), 'refuse')
  })

  const signing: Array<[string, string]> = [
    ['RSA_2048', 'RSA_PSS_SHA_256'],
    ['RSA_2048', 'RSA_PKCS1_SHA_256'],
    ['EC_P256', 'ECDSA_SHA_256'],
    ['EC_SM2', 'SM2DSA'],
  ]
  for (const [spec, alg] of signing) {
    it(`${spec} ${alg}: every bit flip of a signature makes AsymmetricVerify answer false`, async () => {
      const key = await createKey(spec, 'SIGN/VERIFY')
      const base = { KeyId: key.keyId, KeyVersionId: key.keyVersionId, Algorithm: alg, Digest: b64(DIGEST) }
      const signature = Buffer.from((await run('AsymmetricSign', base)).Value as string, 'base64')
      assert.equal((await run('AsymmetricVerify', { ...base, Value: b64(signature) })).Value, true)
      if (spec !== 'EC_SM2') {
        const pem = (await run('GetPublicKey', { KeyId: key.keyId, KeyVersionId: key.keyVersionId })).PublicKey as string
        const pss = alg === 'RSA_PSS_SHA_256' ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : {}
        // A digest signed without re-hashing verifies as a signature over the message whose SHA-256 it is.
        const ok = verify('sha256', Buffer.from('openkms tamper test'), { key: createPublicKey(pem), ...pss }, signature)
        assert.equal(ok, true, 'node:crypto verifies the untampered signature')
      }
      await sweep('AsymmetricVerify', signature, (f) => ({ ...base, Value: b64(f) }), 'verify-false')
    })
  }

  it('over HTTP (V1 and V3), flipped ciphertexts get a catalogued 4xx and flipped signatures verify false', async () => {
    const { keyId } = await createKey('Aliyun_AES_256', 'ENCRYPT/DECRYPT')
    const blob = Buffer.from((await run('Encrypt', { KeyId: keyId, Plaintext: b64(Buffer.from('x')) })).CiphertextBlob as string, 'base64')
    const sig = await createKey('EC_P256', 'SIGN/VERIFY')
    const base = { KeyId: sig.keyId, KeyVersionId: sig.keyVersionId, Algorithm: 'ECDSA_SHA_256', Digest: b64(DIGEST) }
    const signature = Buffer.from((await run('AsymmetricSign', base)).Value as string, 'base64')
    const creds = TEST_AK
    for (const style of ['v1', 'v3'] as const) {
      for (const bit of [0, 7, 8 * 20, blob.length * 8 - 1, blob.length * 4]) {
        const flipped = [...bitFlips(blob)][bit]![1]
        const r = await call(app.endpoint, creds, 'Decrypt', { CiphertextBlob: b64(flipped) }, { style })
        const code = r.body.Code as keyof typeof ERROR_CATALOG
        assert.ok(r.status >= 400 && r.status < 500 && ERROR_CATALOG[code]?.status === r.status, `${style} bit ${bit}: ${r.status} ${code}`)
      }
      for (const bit of [0, 9, signature.length * 8 - 1]) {
        const flipped = [...bitFlips(signature)][bit]![1]
        const r = await call(app.endpoint, creds, 'AsymmetricVerify', { ...base, Value: b64(flipped) }, { style })
        assert.equal(r.status, 200, `${style} bit ${bit}: ${JSON.stringify(r.body)}`)
        assert.equal(r.body.Value, false)
      }
    }
  })
})

describe('replayed, skewed and edited requests are refused (V1 and V3)', () => {
  let app: TestApp
  before(async () => {
    app = await startTestApp()
  })
  after(async () => app.stop())

  const codeOf = async (req: SignedRequest) => {
    const res = await send(app.endpoint, req)
    const body = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>
    return { status: res.status, code: body.Code as string | undefined }
  }

  for (const style of ['v1', 'v3'] as const) {
    it(`${style}: the same signed request is accepted once, then SignatureNonceUsed`, async () => {
      const req = signRequest(TEST_AK, 'CreateKey', { Description: `replay ${style}` }, { style, host: app.endpoint })
      assert.deepEqual(await codeOf(req), { status: 200, code: undefined })
      assert.deepEqual(await codeOf(req), { status: 400, code: 'SignatureNonceUsed' })
      // A request that failed after authentication has used its nonce all the same.
      const failing = signRequest(TEST_AK, 'DescribeKey', { KeyId: 'key-does-not-exist' }, { style, host: app.endpoint })
      assert.deepEqual(await codeOf(failing), { status: 404, code: 'Forbidden.KeyNotFound' })
      assert.deepEqual(await codeOf(failing), { status: 400, code: 'SignatureNonceUsed' })
      // The nonce is per request, not per action: a new nonce with the same parameters is fine.
      const again = signRequest(TEST_AK, 'DescribeKey', { KeyId: 'key-does-not-exist' }, { style, host: app.endpoint })
      assert.equal((await codeOf(again)).code, 'Forbidden.KeyNotFound')
    })

    it(`${style}: requests signed 16 minutes off the server clock are refused, 14 minutes are accepted`, async () => {
      for (const [offsetMin, expected] of [[16, 'InvalidTimeStamp.Expired'], [-16, 'InvalidTimeStamp.Expired'], [14, undefined], [-14, undefined]] as const) {
        const req = signRequest(TEST_AK, 'DescribeRegions', {}, { style, host: app.endpoint, now: Date.now() + offsetMin * 60_000 })
        const got = await codeOf(req)
        assert.equal(got.code, expected, `${style} ${offsetMin} min`)
        assert.equal(got.status, expected ? ERROR_CATALOG[expected].status : 200)
      }
    })

    it(`${style}: a parameter edited after signing is SignatureDoesNotMatch`, async () => {
      const req = signRequest(TEST_AK, 'DescribeKey', { KeyId: 'key-aaaaaaaaaaaaaaaaaaaaaaaa' }, { style, host: app.endpoint })
      const edit = (s: string) => s.replace('key-aaaa', 'key-bbbb')
      const edited = { ...req, path: edit(req.path), body: Buffer.from(edit(req.body.toString('utf8'))) }
      assert.deepEqual(await codeOf(edited), { status: 400, code: 'SignatureDoesNotMatch' })
    })
  }

  it('a request replayed after a restart is still refused (nonces live in the store)', async () => {
    const requests = (['v1', 'v3'] as const).map((style) => signRequest(TEST_AK, 'CreateKey', {}, { style, host: app.endpoint }))
    for (const req of requests) assert.equal((await codeOf(req)).status, 200)
    const { dataDir, port } = app
    await app.stop({ keepData: true })
    app = await startTestApp({ dataDir, port })
    for (const req of requests) assert.deepEqual(await codeOf(req), { status: 400, code: 'SignatureNonceUsed' })
  })
})
