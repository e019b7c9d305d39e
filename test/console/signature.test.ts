/**
 * The console's browser-side V3 signer (console/src/api/sign.ts, WebCrypto) checked three ways: the spec's test
 * vector, the server's own V3 functions on random input, and real signed calls accepted by a running openkms.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { canonicalRequest, formBody, hmacSha256Hex, percentEncode, sha256Hex, signRequest, type Credentials } from '../../console/src/api/sign.js'
import { v3CanonicalRequest, v3Signature, v3StringToSign } from '../../src/protocol/signature-v3.js'
import { percentEncode as serverPercentEncode } from '../../src/protocol/percent-encode.js'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { assumedRole, KMS_VERSION, RAM_VERSION, servedActions, STS_VERSION } from './signed-call.js'

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

describe('console V3 signer', () => {
  it('reproduces the spec test vector (kms-openapi §2.4)', async () => {
    const headers = {
      host: 'kms.cn-hangzhou.aliyuncs.com',
      'x-acs-action': 'Encrypt',
      'x-acs-version': '2016-01-20',
      'x-acs-date': '2024-01-01T00:00:00Z',
      'x-acs-signature-nonce': '3f2a9c0e5b7d4e1f',
      'x-acs-content-sha256': EMPTY_SHA256,
    }
    const query = `KeyId=${percentEncode('alias/my-key')}&Plaintext=${percentEncode('aGVsbG8=')}`
    assert.equal(query, 'KeyId=alias%2Fmy-key&Plaintext=aGVsbG8%3D')
    const canonical = canonicalRequest('POST', headers, EMPTY_SHA256, query)
    assert.equal(await sha256Hex(canonical.text), '00f518481d84afb4d5017c9b6d00b48d464d641a074d2d14351279af424da684')
    assert.equal(canonical.signed, 'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version')
    const signature = await hmacSha256Hex('testsecret', `ACS3-HMAC-SHA256\n${await sha256Hex(canonical.text)}`)
    assert.equal(signature, 'e388b839cdd342eba013a8b010dc324be38d51b0180fe2c884f1b56f64bd1a6c')
  })

  it('percent-encodes exactly as the server does, for any text', () => {
    for (let i = 0; i < 200; i++) {
      const text = String.fromCodePoint(...Array.from({ length: 12 }, () => [0x20 + (randomBytes(1)[0] as number) % 95, 0xe9, 0x4e2d, 0x1f511][i % 4] as number))
      assert.equal(percentEncode(text), serverPercentEncode(text), text)
    }
    assert.equal(percentEncode("a b*c!'()~"), 'a%20b%2Ac%21%27%28%29~')
  })

  it('signs what the server verifies, secrets and bodies of every shape included', async () => {
    for (let i = 0; i < 20; i++) {
      const secret = randomBytes(1 + i).toString('base64')
      const body = formBody({ KeyId: 'alias/k', Plaintext: randomBytes(i * 7).toString('base64'), Note: `é 中 ${i}*+&=` })
      const { headers, host } = await signRequest(
        { accessKeyId: 'AK', accessKeySecret: secret, ...(i % 2 ? { securityToken: `token-${i}` } : {}) },
        { method: 'POST', host: '127.0.0.1:8080', action: 'Encrypt', version: '2016-01-20', body },
      )
      const m = /^ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(headers.authorization as string)
      assert.ok(m, headers.authorization)
      const signedHeaders = (m[1] as string).split(';')
      const canonical = v3CanonicalRequest({ method: 'POST', path: '/', query: [], headers: { ...headers, host }, signedHeaders, payloadHash: headers['x-acs-content-sha256'] as string })
      assert.equal(v3Signature(secret, v3StringToSign(canonical)), m[2])
      assert.equal(i % 2 === 1, signedHeaders.includes('x-acs-security-token'))
    }
  })
})

describe('console V3 signer against a running openkms', () => {
  let app: TestApp
  before(async () => {
    app = await startTestApp({}, { keyPoolSize: 0 })
  })
  after(() => app.stop())

  const call = async (action: string, params: Record<string, string>, secret = TEST_AK.accessKeySecret, version = '2016-01-20', creds?: Credentials) => {
    const body = formBody(params)
    const { headers } = await signRequest(creds ?? { accessKeyId: TEST_AK.accessKeyId, accessKeySecret: secret }, {
      method: 'POST',
      host: app.endpoint,
      action,
      version,
      body,
    })
    const res = await fetch(`${app.url}/`, { method: 'POST', headers, body })
    return { status: res.status, json: (await res.json()) as Record<string, any> }
  }

  it('creates a key, encrypts and decrypts with requests signed the console way', async () => {
    const created = await call('CreateKey', { KeySpec: 'Aliyun_AES_256', Description: 'signed in a browser & elsewhere: é' })
    assert.equal(created.status, 200, JSON.stringify(created.json))
    const keyId = created.json.KeyMetadata.KeyId as string
    assert.equal(created.json.KeyMetadata.Description, 'signed in a browser & elsewhere: é')
    const enc = await call('Encrypt', { KeyId: keyId, Plaintext: 'hello+world =&' })
    assert.equal(enc.status, 200, JSON.stringify(enc.json))
    const dec = await call('Decrypt', { CiphertextBlob: enc.json.CiphertextBlob })
    assert.equal(dec.json.Plaintext, 'hello+world =&')
  })

  it('is refused with SignatureDoesNotMatch under a wrong secret', async () => {
    const r = await call('ListKeys', {}, 'not-the-secret')
    assert.equal(r.status, 400)
    assert.equal(r.json.Code, 'SignatureDoesNotMatch')
  })

  it('signs with STS credentials (x-acs-security-token) as the server verifies them', async (t) => {
    if (!servedActions(STS_VERSION).includes('AssumeRole') || !servedActions(RAM_VERSION).includes('CreateRole')) {
      t.skip('the server has no STS (AssumeRole) and RAM (CreateRole) actions in its registry')
      return
    }
    const sts = await assumedRole(app.endpoint, TEST_AK, app.config.accountId, 'console-operator', ['kms:List*'])
    const listed = await call('ListKeys', {}, undefined, KMS_VERSION, sts)
    assert.equal(listed.status, 200, JSON.stringify(listed.json))
    const refused = await call('CreateKey', {}, undefined, KMS_VERSION, sts)
    assert.equal(refused.status, 403)
    assert.equal(refused.json.Code, 'Forbidden.RAM')
    const forged = await call('ListKeys', {}, undefined, KMS_VERSION, { ...sts, securityToken: `${sts.securityToken}x` })
    assert.notEqual(forged.status, 200)
  })
})
