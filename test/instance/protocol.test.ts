/**
 * The instance API's wire protocol end to end (spec/kms-instance-api.md §1), against a real server with a real
 * client key: every header check in order, tampering with the body, signature or signed headers, clock skew, the
 * 3 MB limit, methods and paths, malformed protobuf, protobuf Error bodies, and the response headers.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, generateKeyPairSync } from 'node:crypto'
import { request } from 'node:https'
import { readFileSync } from 'node:fs'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { callV3, type Endpoint } from '../support/sdk.js'
import { decodeMessage, encodeMessage } from '../../src/instance-wire/proto.js'
import { loadClientKeyPkcs12 } from '../../src/crypto/x509/client-key.js'
import { caFileOf, grantAccess, rawCall, sendRaw, KEY_USER, PASSWORD, type Access, type RawResponse } from './access-setup.js'

const RANDOM = encodeMessage('GenerateRandomRequest', { Length: 16 })
const MIN = 60_000

function errorOf(res: RawResponse): [number, string, string] {
  assert.equal(res.headers['content-type'], 'application/x-protobuf')
  const e = decodeMessage<{ StatusCode: number; ErrorCode: string; ErrorMessage: string; RequestId: string }>('Error', res.body)
  assert.equal(e.StatusCode, res.status)
  assert.match(e.RequestId, /^[0-9a-f-]{36}$/)
  return [res.status, e.ErrorCode, e.ErrorMessage]
}

describe('instance API wire protocol', () => {
  let app: TestApp
  let ep: Endpoint
  let access: Access
  let keyId: string

  before(async () => {
    app = await startTestApp({}, { keyPoolSize: 0 })
    ep = { endpoint: app.endpoint, ...TEST_AK }
    keyId = ((await callV3(ep, 'CreateKey', {})).body.KeyMetadata as Record<string, string>).KeyId as string
    access = await grantAccess(ep, { permissions: [KEY_USER], resources: ['key/*'] })
  })
  after(async () => app.stop())

  it('answers a well-signed call with a protobuf body carrying the RequestId', async () => {
    const res = await rawCall(app, access, 'GenerateRandom', RANDOM)
    assert.equal(res.status, 200)
    assert.equal(res.headers['content-type'], 'application/x-protobuf')
    assert.equal(res.headers['x-kms-migrationkeyversionid'], undefined)
    const body = decodeMessage<{ Random: Buffer; RequestId: string }>('GenerateRandomResponse', res.body)
    assert.equal(body.Random.length, 16)
    assert.match(body.RequestId, /^[0-9a-f-]{36}$/)
  })

  it('sends x-kms-migrationkeyversionid with the key version used', async () => {
    const res = await rawCall(app, access, 'Encrypt', encodeMessage('EncryptRequest', { KeyId: keyId, Plaintext: Buffer.from('x') }))
    const versions = (await callV3(ep, 'ListKeyVersions', { KeyId: keyId })).body.KeyVersions as { KeyVersion: { KeyVersionId: string }[] }
    assert.equal(res.headers['x-kms-migrationkeyversionid'], versions.KeyVersion[0]?.KeyVersionId)
  })

  it('refuses tampered bodies, signatures and signed headers', async () => {
    const other = Buffer.from(encodeMessage('GenerateRandomRequest', { Length: 17 }))
    const bodyOnly = await rawCall(app, access, 'GenerateRandom', RANDOM, { edit: (r) => (r.body = other) })
    assert.deepEqual(errorOf(bodyOnly), [400, 'InvalidParam', 'The Param Content-SHA256 is invalid.'])
    const rehashed = await rawCall(app, access, 'GenerateRandom', RANDOM, {
      edit: (r) => {
        r.body = other
        r.headers['content-sha256'] = createHash('sha256').update(other).digest('hex').toUpperCase()
        r.headers['content-length'] = String(other.length)
      },
    })
    assert.deepEqual(errorOf(rehashed), [401, 'SignatureNotMatch', 'Signature is not matched.'])
    const badSig = await rawCall(app, access, 'GenerateRandom', RANDOM, {
      edit: (r) => {
        const sig = Buffer.from((r.headers.authorization as string).slice(7), 'base64')
        sig[10] ^= 1
        r.headers.authorization = `Bearer ${sig.toString('base64')}`
      },
    })
    assert.equal(errorOf(badSig)[1], 'SignatureNotMatch')
    const renamed = await rawCall(app, access, 'GenerateRandom', encodeMessage('EncryptRequest', {}), {
      edit: (r) => (r.headers['x-kms-apiname'] = 'Encrypt'),
    })
    assert.equal(errorOf(renamed)[1], 'SignatureNotMatch')
    const unsignedKmsHeader = await rawCall(app, access, 'GenerateRandom', RANDOM, { extraHeaders: { 'x-kms-migrationkeyversionid': 'x' } })
    assert.equal(errorOf(unsignedKmsHeader)[1], 'SignatureNotMatch')
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const impostor = { clientKeyId: access.clientKeyId, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }
    assert.equal(errorOf(await rawCall(app, impostor, 'GenerateRandom', RANDOM))[1], 'SignatureNotMatch')
  })

  it('checks the date window (15 minutes either way) and the other headers, in the specified order', async () => {
    const at = (ms: number) => new Date(Date.now() + ms).toUTCString()
    assert.equal((await rawCall(app, access, 'GenerateRandom', RANDOM, { date: at(-14 * MIN) })).status, 200)
    for (const skew of [-16 * MIN, 16 * MIN]) {
      const res = await rawCall(app, access, 'GenerateRandom', RANDOM, { date: at(skew) })
      assert.deepEqual(errorOf(res).slice(0, 2), [400, 'RequestTimeTooSkewed'])
    }
    assert.deepEqual(errorOf(await rawCall(app, access, 'GenerateRandom', RANDOM, { date: '2026-01-01 10:00:00' })).slice(0, 2), [400, 'InvalidParam'])
    const cases: [Record<string, string | undefined>, number, string][] = [
      [{ 'x-kms-apiversion': 'dkms-gcs-0.1' }, 400, 'InvalidApiVersion'],
      [{ 'x-kms-apiname': 'ListKeys' }, 400, 'InvalidApiName'],
      [{ 'x-kms-signaturemethod': 'HMAC_SHA256' }, 400, 'InvalidParam'],
      [{ 'x-kms-acccesskeyid': undefined }, 400, 'MissingParameter'],
      [{ 'x-kms-acccesskeyid': 'KAAP.00000000-0000-4000-8000-000000000000' }, 404, 'Unauthorized'],
      [{ 'content-type': 'application/json' }, 415, 'InvalidContentType'],
    ]
    for (const [headers, status, code] of cases) {
      const res = await rawCall(app, access, 'GenerateRandom', RANDOM, { edit: (r) => Object.assign(r.headers, headers) })
      assert.deepEqual(errorOf(res).slice(0, 2), [status, code], JSON.stringify(headers))
    }
  })

  it('refuses bodies over 3 MiB with 413, other methods and paths, and malformed protobuf, all as protobuf errors', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 1)
    assert.deepEqual(errorOf(await rawCall(app, access, 'Encrypt', big)).slice(0, 2), [413, 'RequestEntityTooLarge'])
    const headers = { 'content-type': 'application/x-protobuf' }
    assert.deepEqual(errorOf(await sendRaw(app, { method: 'GET', path: '/', headers, body: Buffer.alloc(0) })).slice(0, 2), [403, 'UnsupportedHTTPMethod'])
    assert.deepEqual(errorOf(await rawCall(app, access, 'GenerateRandom', RANDOM, { path: '/v1/keys' })).slice(0, 2), [404, 'InvalidAction.NotFound'])
    const truncated = Buffer.from([0x0a, 0x05, 0x61])
    assert.deepEqual(errorOf(await rawCall(app, access, 'Encrypt', truncated)).slice(0, 2), [400, 'InvalidParameter'])
    assert.equal((await rawCall(app, access, 'GenerateRandom', Buffer.alloc(0))).status, 200, 'an empty body is every field at its default')
  })

  it('accepts a client certificate on the TLS connection (as the Go SDK presents one) without requiring it', async () => {
    const created = JSON.parse(readFileSync(access.clientKeyFile, 'utf8')) as { PrivateKeyData: string }
    const { certificatePem, privateKeyPem } = loadClientKeyPkcs12(created.PrivateKeyData, PASSWORD)
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { hostname: '127.0.0.1', servername: 'localhost', port: app.instancePort, method: 'GET', path: '/', ca: readFileSync(caFileOf(app)), cert: certificatePem, key: privateKeyPem, agent: false },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      req.end()
    })
    assert.equal(status, 403, 'the TLS handshake succeeded and the request reached the pipeline')
  })
})
