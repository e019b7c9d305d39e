import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import fc from 'fast-check'
import { v1CanonicalQuery, v1Signature, v1StringToSign } from './signature-v1.js'

const require = createRequire(import.meta.url)
/** The official SDK's own implementation, used as the second opinion. */
const OpenApiUtil = require('@alicloud/openapi-util').default as {
  getRPCSignature(params: Record<string, string>, method: string, secret: string): string
}

const docParams = {
  AccessKeyId: 'testid',
  Action: 'CreateKey',
  Format: 'json',
  SignatureMethod: 'HMAC-SHA1',
  SignatureVersion: '1.0',
  Timestamp: '2016-03-28T03:13:08Z',
  Version: '2016-01-20',
}

test('spec §2.3 GET vector: StringToSign and signature', () => {
  const sts = v1StringToSign('GET', docParams)
  assert.equal(
    sts,
    'GET&%2F&AccessKeyId%3Dtestid%26Action%3DCreateKey%26Format%3Djson%26SignatureMethod%3DHMAC-SHA1%26SignatureVersion%3D1.0%26Timestamp%3D2016-03-28T03%253A13%253A08Z%26Version%3D2016-01-20',
  )
  assert.equal(v1Signature('testsecret', sts), '41wk2SSX1GJh7fwnc5eqOfiJPFg=')
})

test('spec §2.3 POST vector', () => {
  const params = {
    AccessKeyId: 'testid',
    Action: 'Encrypt',
    Format: 'JSON',
    KeyId: 'alias/my-key',
    Plaintext: 'aGVsbG8=',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3f2a9c0e5b7d4e1f',
    SignatureVersion: '1.0',
    Timestamp: '2024-01-01T00:00:00Z',
    Version: '2016-01-20',
  }
  assert.equal(v1Signature('testsecret', v1StringToSign('POST', params)), 'DSdRne8IOu0vo19jg42I4OFQ4wo=')
  assert.equal(v1Signature('testsecret', v1StringToSign('post', params)), 'DSdRne8IOu0vo19jg42I4OFQ4wo=')
})

test('the Signature parameter itself is never signed, and the method matters', () => {
  const withSig = { ...docParams, Signature: 'anything' }
  assert.equal(v1StringToSign('GET', withSig), v1StringToSign('GET', docParams))
  assert.notEqual(v1StringToSign('POST', docParams), v1StringToSign('GET', docParams))
})

test('canonical query encodes names and values, sorted by name', () => {
  assert.equal(v1CanonicalQuery({ b: 'x y', a: "*'()!~", 'Tag.1.Key': '中' }), 'Tag.1.Key=%E4%B8%AD&a=%2A%27%28%29%21~&b=x%20y')
})

test('HMAC matches the openssl command line', () => {
  const sts = v1StringToSign('GET', docParams)
  const mac = execFileSync('openssl', ['dgst', '-sha1', '-hmac', 'testsecret&', '-binary'], { input: sts })
  assert.equal(v1Signature('testsecret', sts), mac.toString('base64'))
})

test('agrees with the SDK getRPCSignature on arbitrary values and realistic names', () => {
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9._-]{0,12}$/)
  const value = fc.string({ unit: 'binary', maxLength: 30 })
  fc.assert(
    fc.property(fc.dictionary(name, value, { maxKeys: 8 }), fc.constantFrom('GET', 'POST'), fc.string({ minLength: 1 }), (params, method, secret) => {
      const clean = Object.fromEntries(Object.entries(params)) as Record<string, string>
      const ours = v1Signature(secret, v1StringToSign(method, clean))
      assert.equal(ours, OpenApiUtil.getRPCSignature(clean, method, secret))
    }),
    { numRuns: 300 },
  )
})
