import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { KmsErrors } from '../domain/errors.js'
import { decodeMessage } from '../instance-wire/proto.js'
import { encodeInstanceError } from './verify-request.js'

describe('encodeInstanceError', () => {
  it('writes the protobuf Error message with fields 1..4 (hand-encoded)', () => {
    const body = encodeInstanceError({ status: 403, code: 'Forbidden.NoPermission', message: 'x' }, 'r-1')
    const code = Buffer.from('Forbidden.NoPermission').toString('hex')
    assert.equal(body.toString('hex'), `089303` + `1216${code}` + '1a0178' + '2203722d31')
  })

  it('renders a KmsError so that a client decodes code, message, status and request id', () => {
    const err = KmsErrors.of('SignatureNotMatch', 'Signature is not matched.')
    assert.deepEqual(decodeMessage('Error', encodeInstanceError(err, 'req-9')), {
      StatusCode: 401,
      ErrorCode: 'SignatureNotMatch',
      ErrorMessage: 'Signature is not matched.',
      RequestId: 'req-9',
    })
  })
})
