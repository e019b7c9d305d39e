import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { decodeMessage, encodeMessage, INSTANCE_API_NAMES, INSTANCE_MESSAGE_TYPES, messageFields } from './proto.js'

/**
 * spec/kms-instance-api.md §2, transcribed independently of api-proto.ts (s=string, b=bytes, i=int32,
 * bool, r=repeated string; an indented line continues the one above): the schema must match it field for field.
 */
const SPEC_TABLE = `
EncryptRequest: KeyId s1, Plaintext b2, Algorithm s3, Aad b4, Iv b5, PaddingMode s6
EncryptResponse: KeyId s1, CiphertextBlob b2, Iv b3, RequestId s4, Algorithm s5, PaddingMode s6
DecryptRequest: CiphertextBlob b1, KeyId s2, Algorithm s3, Aad b4, Iv b5, PaddingMode s6
DecryptResponse: KeyId s1, Plaintext b2, RequestId s3, Algorithm s4, PaddingMode s5
SignRequest: KeyId s1, Digest b2, Algorithm s3, Message b4, MessageType s5
SignResponse: KeyId s1, Signature b2, RequestId s3, Algorithm s4, MessageType s5
VerifyRequest: KeyId s1, Digest b2, Signature b3, Algorithm s4, Message b5, MessageType s6
VerifyResponse: KeyId s1, Value bool2, RequestId s3, Algorithm s4, MessageType s5
HmacRequest: KeyId s1, Message b2
HmacResponse: KeyId s1, Signature b2, RequestId s3
GenerateRandomRequest: Length i1
GenerateRandomResponse: Random b1, RequestId s2
GenerateDataKeyRequest: KeyId s1, Algorithm s2, NumberOfBytes i3, Aad b4
GenerateDataKeyResponse: KeyId s1, Iv b2, Plaintext b3, CiphertextBlob b4, RequestId s5, Algorithm s6
GetPublicKeyRequest: KeyId s1
GetPublicKeyResponse: KeyId s1, PublicKey s2, RequestId s3
GetSecretValueRequest: SecretName s1, VersionStage s2, VersionId s3, FetchExtendedConfig bool4
GetSecretValueResponse: SecretName s1, SecretType s2, SecretData s3, SecretDataType s4, VersionStages r5, VersionId s6,
  CreateTime s7, RequestId s8, LastRotationDate s9, NextRotationDate s10, ExtendedConfig s11, AutomaticRotation s12, RotationInterval s13
AdvanceEncryptRequest: KeyId s1, Plaintext b2, Algorithm s3, Aad b4, Iv b5, PaddingMode s6
AdvanceEncryptResponse: KeyId s1, CiphertextBlob b2, Iv b3, RequestId s4, Algorithm s5, PaddingMode s6, KeyVersionId s7
AdvanceDecryptRequest: CiphertextBlob b1, KeyId s2, Algorithm s3, Aad b4, Iv b5, PaddingMode s6
AdvanceDecryptResponse: KeyId s1, Plaintext b2, RequestId s3, Algorithm s4, PaddingMode s5, KeyVersionId s6
AdvanceGenerateDataKeyRequest: KeyId s1, NumberOfBytes i2, Aad b3
AdvanceGenerateDataKeyResponse: KeyId s1, Iv b2, Plaintext b3, CiphertextBlob b4, RequestId s5, Algorithm s6, KeyVersionId s7
GenerateDataKeyPairRequest: KeyId s1, Algorithm s2, KeyPairSpec s3, KeyFormat s4, Aad b5
GenerateDataKeyPairResponse: KeyId s1, Iv b2, KeyPairSpec s3, PrivateKeyPlaintext b4, PrivateKeyCiphertextBlob b5, PublicKey b6, RequestId s7, Algorithm s8
GenerateDataKeyPairWithoutPlaintextRequest: KeyId s1, Algorithm s2, KeyPairSpec s3, KeyFormat s4, Aad b5
GenerateDataKeyPairWithoutPlaintextResponse: KeyId s1, Iv b2, KeyPairSpec s3, PrivateKeyCiphertextBlob b4, PublicKey b5, RequestId s6, Algorithm s7
AdvanceGenerateDataKeyPairRequest: KeyId s1, KeyPairSpec s2, KeyFormat s3, Aad b4
AdvanceGenerateDataKeyPairResponse: KeyId s1, Iv b2, KeyPairSpec s3, PrivateKeyPlaintext b4, PrivateKeyCiphertextBlob b5, PublicKey b6, RequestId s7, Algorithm s8, KeyVersionId s9
AdvanceGenerateDataKeyPairWithoutPlaintextRequest: KeyId s1, KeyPairSpec s2, KeyFormat s3, Aad b4
AdvanceGenerateDataKeyPairWithoutPlaintextResponse: KeyId s1, Iv b2, KeyPairSpec s3, PrivateKeyCiphertextBlob b4, PublicKey b5, RequestId s6, Algorithm s7, KeyVersionId s8
Error: StatusCode i1, ErrorCode s2, ErrorMessage s3, RequestId s4
`

const KIND: Record<string, { type: string; repeated: boolean }> = {
  s: { type: 'string', repeated: false },
  b: { type: 'bytes', repeated: false },
  i: { type: 'int32', repeated: false },
  bool: { type: 'bool', repeated: false },
  r: { type: 'string', repeated: true },
}

const spec = new Map(
  SPEC_TABLE.replace(/\n +/g, ' ')
    .trim()
    .split('\n')
    .map((line) => {
      const [name, fields] = line.split(': ') as [string, string]
      return [
        name,
        fields.split(', ').map((f) => {
          const [, fieldName, kind, id] = /^(\w+) (s|b|i|bool|r)(\d+)$/.exec(f) as RegExpExecArray
          return { name: fieldName, id: Number(id), ...KIND[kind as string] }
        }),
      ] as const
    }),
)

/** A value with every field set to something other than its proto3 default. */
function sample(type: string): Record<string, unknown> {
  return Object.fromEntries(
    messageFields(type).map((f) => {
      const v =
        f.repeated ? ['ACSCurrent', `${f.name}-${f.id}`]
        : f.type === 'bytes' ? Buffer.from([f.id, 0, 255, 0x80])
        : f.type === 'int32' ? 1000 + f.id
        : f.type === 'bool' ? true
        : `${f.name}-${f.id}-ü`
      return [f.name, v]
    }),
  )
}

describe('instance API protobuf schema', () => {
  it('declares exactly the messages and fields of the spec table', () => {
    assert.deepEqual([...INSTANCE_MESSAGE_TYPES].sort(), [...spec.keys()].sort())
    for (const [name, fields] of spec) assert.deepEqual(messageFields(name), fields, name)
  })

  it('has a Request and a Response for each API name, 15 SDK APIs plus Hmac', () => {
    assert.equal(INSTANCE_API_NAMES.length, 16)
    assert.ok(INSTANCE_API_NAMES.includes('Hmac'))
    for (const api of INSTANCE_API_NAMES) {
      assert.ok(spec.has(`${api}Request`) && spec.has(`${api}Response`), api)
    }
  })

  it('round-trips every message with every field set', () => {
    for (const type of INSTANCE_MESSAGE_TYPES) {
      const value = sample(type)
      assert.deepEqual(decodeMessage(type, encodeMessage(type, value)), value, type)
    }
  })

  it('gives proto3 defaults for absent fields, with bytes as Buffer', () => {
    for (const type of INSTANCE_MESSAGE_TYPES) {
      const decoded = decodeMessage(type, Buffer.alloc(0))
      for (const f of messageFields(type)) {
        const v = decoded[f.name]
        if (f.repeated) assert.deepEqual(v, [])
        else if (f.type === 'bytes') assert.ok(Buffer.isBuffer(v) && v.length === 0, `${type}.${f.name}`)
        else assert.equal(v, f.type === 'string' ? '' : f.type === 'int32' ? 0 : false)
      }
    }
  })

  it('encodes EncryptRequest as the spec example bytes', () => {
    const body = encodeMessage('EncryptRequest', { KeyId: 'key-test', Plaintext: Buffer.from('hello'), Algorithm: 'AES_GCM' })
    assert.equal(body.toString('hex'), '0a086b65792d74657374120568656c6c6f1a074145535f47434d')
  })

  it('encodes GenerateDataKeyRequest with field numbers 1/2/3/4 (hand-encoded)', () => {
    // tags: KeyId 1<<3|2=0a, Algorithm 2<<3|2=12, NumberOfBytes 3<<3|0=18 (varint 32=0x20), Aad 4<<3|2=22
    const hand = Buffer.from('0a016b' + '1207' + Buffer.from('AES_GCM').toString('hex') + '1820' + '220161', 'hex')
    const value = { KeyId: 'k', Algorithm: 'AES_GCM', NumberOfBytes: 32, Aad: Buffer.from('a') }
    assert.equal(encodeMessage('GenerateDataKeyRequest', value).toString('hex'), hand.toString('hex'))
    assert.deepEqual(decodeMessage('GenerateDataKeyRequest', hand), value)
  })

  it('decodes a hand-encoded Error and GetSecretValueResponse', () => {
    const err = Buffer.from('0894031204' + Buffer.from('Oops').toString('hex') + '1a01' + '6d' + '2201' + '72', 'hex')
    assert.deepEqual(decodeMessage('Error', err), { StatusCode: 404, ErrorCode: 'Oops', ErrorMessage: 'm', RequestId: 'r' })
    const secret = Buffer.from('2a0161' + '2a0162' + '0a0173', 'hex')
    const decoded = decodeMessage<{ VersionStages: string[]; SecretName: string }>('GetSecretValueResponse', secret)
    assert.deepEqual(decoded.VersionStages, ['a', 'b'])
    assert.equal(decoded.SecretName, 's')
  })

  it('skips unknown fields as proto3 requires', () => {
    // fields 127 (varint), 127 (len), 129 (fixed32), 130 (fixed64) are not in the schema
    const withUnknown = Buffer.from('0a016b' + 'f80701' + 'fa0702aabb' + '8d0801020304' + '91080102030405060708', 'hex')
    assert.deepEqual(decodeMessage('GetPublicKeyRequest', withUnknown), { KeyId: 'k' })
  })

  it('refuses to encode unknown or mistyped fields and unknown types', () => {
    assert.throws(() => encodeMessage('EncryptRequest', { KeyID: 'x' }), /no field "KeyID"/)
    assert.throws(() => encodeMessage('EncryptRequest', { KeyId: 5 }), /KeyId/)
    assert.throws(() => encodeMessage('GenerateRandomRequest', { Length: 'ten' }), /Length/)
    assert.throws(() => encodeMessage('GenerateRandomRequest', { Length: 2 ** 31 }), /int32/)
    assert.throws(() => encodeMessage('GenerateRandomRequest', { Length: 1.5 }), /int32/)
    assert.throws(() => encodeMessage('EncryptRequest', { Plaintext: 'aGVsbG8=' }), /bytes must be/)
    assert.equal(encodeMessage('EncryptRequest', { KeyId: undefined, Aad: null, Plaintext: new Uint8Array([1]) }).toString('hex'), '120101')
    assert.throws(() => encodeMessage('NoSuchRequest', {}), /unknown instance API message type/)
    assert.throws(() => decodeMessage('NoSuchRequest', Buffer.alloc(0)), /unknown instance API message type/)
  })
})

describe('decoding hostile protobuf', () => {
  const cases: [string, string][] = [
    ['truncated string (length past the end)', '0a05'],
    ['truncated string (partly present)', '0a0568'],
    ['truncated varint', '08'],
    ['truncated tag', 'ff'],
    ['varint longer than 10 bytes', '08ffffffffffffffffffff01'],
    ['field number 0', '0001'],
    ['string field sent as varint', '0805'],
    ['bytes field sent as fixed32', '1501020304'],
    ['start group', '0b'],
    ['end group', '0c'],
    ['wire type 6', '0e'],
    ['fixed64 truncated', '9108010203'],
    ['invalid UTF-8 in a string', '0a02c328'],
    ['overlong UTF-8 in a string', '0a02c0af'],
    ['huge length', '0affffffff0f'],
  ]
  for (const [what, hex] of cases) {
    it(`throws an Error for ${what}`, () => {
      assert.throws(() => decodeMessage('EncryptRequest', Buffer.from(hex, 'hex')), (e: unknown) => {
        assert.ok(e instanceof Error)
        assert.match(e.message, /malformed EncryptRequest/)
        return true
      })
    })
  }

  it('int32 field sent as length-delimited is refused', () => {
    assert.throws(() => decodeMessage('GenerateRandomRequest', Buffer.from('0a0120', 'hex')), /malformed/)
  })

  it('never throws anything but an Error on random bytes, for every type', () => {
    fc.assert(
      fc.property(fc.constantFrom(...INSTANCE_MESSAGE_TYPES), fc.uint8Array({ maxLength: 64 }), (type, bytes) => {
        try {
          decodeMessage(type, Buffer.from(bytes))
        } catch (e) {
          assert.ok(e instanceof Error && /malformed/.test(e.message), String(e))
        }
      }),
      { numRuns: 3000 },
    )
  })

  it('decodes whatever it encodes (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.uint8Array({ maxLength: 40 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (s, b, n) => {
        const v = { KeyId: s, Aad: Buffer.from(b), NumberOfBytes: n, Algorithm: '' }
        assert.deepEqual(decodeMessage('GenerateDataKeyRequest', encodeMessage('GenerateDataKeyRequest', v)), v)
      }),
    )
  })
})
