import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import fc from 'fast-check'
import { isKmsError } from '../domain/errors.js'
import {
  parseV3Authorization,
  v3CanonicalQuery,
  v3CanonicalRequest,
  v3Hash,
  v3Signature,
  v3StringToSign,
} from './signature-v3.js'

const require = createRequire(import.meta.url)
/** The official SDK's own implementation, used as the second opinion. */
const OpenApiUtil = require('@alicloud/openapi-util').default as {
  getAuthorization(req: unknown, algorithm: string, payload: string, ak: string, secret: string): string
}
const tea = require('@alicloud/tea-typescript') as { Request: new () => Record<string, unknown> }

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
const vectorHeaders = {
  host: 'kms.cn-hangzhou.aliyuncs.com',
  'x-acs-action': 'Encrypt',
  'x-acs-version': '2016-01-20',
  'x-acs-date': '2024-01-01T00:00:00Z',
  'x-acs-signature-nonce': '3f2a9c0e5b7d4e1f',
  'x-acs-content-sha256': EMPTY_SHA256,
}
const vectorSigned = ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version']
const vectorQuery: Array<[string, string]> = [
  ['KeyId', 'alias/my-key'],
  ['Plaintext', 'aGVsbG8='],
]

function sdkRequest(method: string, query: Record<string, string>, headers: Record<string, string>) {
  const r = new tea.Request()
  Object.assign(r, { method, pathname: '/', query, headers })
  return r
}

test('spec §2.4 vector: canonical query, request hash and Authorization', () => {
  assert.equal(v3CanonicalQuery(vectorQuery), 'KeyId=alias%2Fmy-key&Plaintext=aGVsbG8%3D')
  const canonical = v3CanonicalRequest({
    method: 'POST',
    path: '/',
    query: vectorQuery,
    headers: vectorHeaders,
    signedHeaders: vectorSigned,
    payloadHash: EMPTY_SHA256,
  })
  const sts = v3StringToSign(canonical)
  assert.equal(sts, 'ACS3-HMAC-SHA256\n00f518481d84afb4d5017c9b6d00b48d464d641a074d2d14351279af424da684')
  const signature = v3Signature('testsecret', sts)
  assert.equal(signature, 'e388b839cdd342eba013a8b010dc324be38d51b0180fe2c884f1b56f64bd1a6c')
  const header = `ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=${vectorSigned.join(';')},Signature=${signature}`
  assert.equal(
    header,
    'ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=e388b839cdd342eba013a8b010dc324be38d51b0180fe2c884f1b56f64bd1a6c',
  )
  assert.deepEqual(parseV3Authorization(header), {
    algorithm: 'ACS3-HMAC-SHA256',
    accessKeyId: 'testid',
    signedHeaders: vectorSigned,
    signature,
  })
  assert.equal(v3Hash(Buffer.alloc(0)), EMPTY_SHA256)
})

test('HMAC-SHA256 and HMAC-SM3 match the openssl command line', () => {
  const sts = 'ACS3-HMAC-SHA256\n00f518481d84afb4d5017c9b6d00b48d464d641a074d2d14351279af424da684'
  const sha = execFileSync('openssl', ['dgst', '-sha256', '-hmac', 'testsecret', '-r'], { input: sts }).toString()
  assert.equal(sha.split(' ')[0], v3Signature('testsecret', sts))
  const sm3 = execFileSync('openssl', ['dgst', '-sm3', '-hmac', 'testsecret', '-r'], { input: sts }).toString()
  assert.equal(sm3.split(' ')[0], v3Signature('testsecret', sts, 'ACS3-HMAC-SM3'))
  const sm3Hash = execFileSync('openssl', ['dgst', '-sm3', '-r'], { input: 'abc' }).toString()
  assert.equal(sm3Hash.split(' ')[0], v3Hash('abc', 'ACS3-HMAC-SM3'))
})

test('agrees with the SDK getAuthorization on arbitrary query values and header values', () => {
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9._-]{0,12}$/)
  const value = fc.string({ unit: 'binary', maxLength: 30 })
  const headerValue = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,20}[\x21-\x7e])?$/)
  const headerName = fc.stringMatching(/^x-acs-[a-z0-9-]{1,10}$/)
  fc.assert(
    fc.property(
      fc.dictionary(name, value, { maxKeys: 6 }),
      fc.dictionary(headerName, headerValue, { maxKeys: 4 }),
      fc.constantFrom('ACS3-HMAC-SHA256', 'ACS3-HMAC-SM3'),
      fc.constantFrom('GET', 'POST'),
      (queryObj, extra, algorithm, method) => {
        const query = Object.fromEntries(Object.entries(queryObj)) as Record<string, string>
        const headers: Record<string, string> = { host: '127.0.0.1:9', 'x-acs-date': '2024-01-01T00:00:00Z', ...extra }
        const payload = v3Hash('', algorithm)
        const expected = OpenApiUtil.getAuthorization(sdkRequest(method, query, headers), algorithm, payload, 'ak', 's3cret')
        const parsed = parseV3Authorization(expected)
        const canonical = v3CanonicalRequest({
          method,
          path: '/',
          query: Object.entries(query),
          headers,
          signedHeaders: parsed.signedHeaders,
          payloadHash: payload,
        })
        assert.equal(v3Signature('s3cret', v3StringToSign(canonical, algorithm), algorithm), parsed.signature)
      },
    ),
    { numRuns: 300 },
  )
})

test('repeated header values are trimmed, sorted and joined with ","', () => {
  const canonical = v3CanonicalRequest({
    method: 'get',
    path: '/',
    query: [],
    headers: { 'x-acs-multi': [' b ', 'a'] },
    signedHeaders: ['x-acs-multi'],
    payloadHash: 'h',
  })
  assert.equal(canonical, 'GET\n/\n\nx-acs-multi:a,b\n\nx-acs-multi\nh')
})

test('a signed header the request lacks is IncompleteSignature, even one named like an Object member', () => {
  for (const name of ['x-acs-missing', 'constructor']) {
    assert.throws(
      () => v3CanonicalRequest({ method: 'POST', path: '/', query: [], headers: {}, signedHeaders: [name], payloadHash: 'h' }),
      (e: unknown) => isKmsError(e) && e.code === 'IncompleteSignature',
    )
  }
})

test('parseV3Authorization refuses malformed or unsupported headers', () => {
  const sig = 'a'.repeat(64)
  const bad = [
    '',
    'ACS3-HMAC-SHA256',
    `ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host,Signature=${'a'.repeat(63)}`,
    `ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host,Signature=${'g'.repeat(64)}`,
    `ACS3-HMAC-SHA256 Credential=ak,Signature=${sig}`,
    `ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=${sig}`,
    `ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=Host,Signature=${sig}`,
    `ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;;x-acs-date,Signature=${sig}`,
    `ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;host,Signature=${sig}`,
    `ACS3-RSA-SHA256 Credential=ak,SignedHeaders=host,Signature=${sig}`,
    `ACS3-HMAC-MD5 Credential=ak,SignedHeaders=host,Signature=${sig}`,
    `ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host,Signature=${sig},Extra=1`,
  ]
  for (const h of bad) {
    assert.throws(() => parseV3Authorization(h), (e: unknown) => isKmsError(e) && e.code === 'IncompleteSignature', h)
  }
  const ok = parseV3Authorization(`ACS3-HMAC-SM3 Credential=ak, SignedHeaders=host, Signature=${'A'.repeat(64)}`)
  assert.equal(ok.signature, sig)
  assert.equal(ok.algorithm, 'ACS3-HMAC-SM3')
})

test('v3Hash is the plain digest of the bytes', () => {
  const body = Buffer.from('Plaintext=a%20b')
  assert.equal(v3Hash(body), createHash('sha256').update(body).digest('hex'))
})
