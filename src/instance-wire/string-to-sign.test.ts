import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import { encodeMessage } from './proto.js'
import { headerValue, instanceStringToSign } from './string-to-sign.js'

/** spec/kms-instance-api.md §1, the verified example (Go/Java/Python SDKs and the Rust client agree). */
const SPEC_BODY_HEX = '0a086b65792d74657374120568656c6c6f1a074145535f47434d'
const SPEC_SHA = '8B95B0A502A6405E7FF20E554C3E07D0074B484ECB198C3C6E3C6BD8DC22163F'
const SPEC_STRING_TO_SIGN =
  'POST\n8B95B0A502A6405E7FF20E554C3E07D0074B484ECB198C3C6E3C6BD8DC22163F\napplication/x-protobuf\n' +
  'Mon, 02 Jan 2006 15:04:05 GMT\nx-kms-acccesskeyid:KAAP.test\nx-kms-apiname:Encrypt\n' +
  'x-kms-apiversion:dkms-gcs-0.2\nx-kms-signaturemethod:RSA_PKCS1_SHA_256\n/'

const sdkHeaders = {
  accept: 'application/x-protobuf',
  host: 'kst-test.cryptoservice.kms.aliyuncs.com',
  date: 'Mon, 02 Jan 2006 15:04:05 GMT',
  'user-agent': 'AlibabaCloud (linux; amd64) Golang/1.21 kms-gcs-go-sdk-version/0.5.1',
  'x-kms-apiversion': 'dkms-gcs-0.2',
  'x-kms-apiname': 'Encrypt',
  'x-kms-signaturemethod': 'RSA_PKCS1_SHA_256',
  'x-kms-acccesskeyid': 'KAAP.test',
  'content-type': 'application/x-protobuf',
  'content-length': '26',
  'content-sha256': SPEC_SHA,
}

describe('instanceStringToSign', () => {
  it('reproduces the spec example byte for byte, from the example body', () => {
    const body = encodeMessage('EncryptRequest', { KeyId: 'key-test', Plaintext: Buffer.from('hello'), Algorithm: 'AES_GCM' })
    assert.equal(body.toString('hex'), SPEC_BODY_HEX)
    assert.equal(createHash('sha256').update(body).digest('hex').toUpperCase(), SPEC_SHA)
    const sts = instanceStringToSign({
      method: 'POST',
      contentSha256: sdkHeaders['content-sha256'],
      contentType: sdkHeaders['content-type'],
      date: sdkHeaders.date,
      headers: sdkHeaders,
    })
    assert.equal(sts, SPEC_STRING_TO_SIGN)
    assert.ok(!sts.endsWith('\n'))
  })

  it('sorts x-kms-* names in byte order, lower-cases them and trims values', () => {
    const sts = instanceStringToSign({
      method: 'POST',
      headers: {
        'X-KMS-SignatureMethod': ' RSA_PKCS1_SHA_256 ',
        'x-kms-migrationkeyversionid': '\tv-1 ',
        'x-kms-apiversion': 'dkms-gcs-0.2',
        'X-Kms-ApiName': 'Decrypt',
        'x-kms-acccesskeyid': 'KAAP.x',
        'x-other': 'not signed',
        authorization: 'Bearer x',
      },
    })
    assert.equal(
      sts,
      'POST\n\n\n\nx-kms-acccesskeyid:KAAP.x\nx-kms-apiname:Decrypt\nx-kms-apiversion:dkms-gcs-0.2\n' +
        'x-kms-migrationkeyversionid:v-1\nx-kms-signaturemethod:RSA_PKCS1_SHA_256\n/',
    )
  })

  it('keeps the empty slots (with their newlines) and the resource when nothing is signed', () => {
    assert.equal(instanceStringToSign({ method: 'post', headers: {} }), 'POST\n\n\n\n/')
  })

  it('skips undefined headers and joins repeated ones as node:http does', () => {
    const sts = instanceStringToSign({ method: 'POST', headers: { 'x-kms-a': undefined, 'x-kms-b': ['1', '2'] } })
    assert.equal(sts, 'POST\n\n\n\nx-kms-b:1, 2\n/')
  })
})

describe('headerValue', () => {
  it('finds a header whatever its case', () => {
    assert.equal(headerValue({ 'Content-SHA256': 'AB' }, 'content-sha256'), 'AB')
    assert.equal(headerValue({}, 'date'), undefined)
  })
})
