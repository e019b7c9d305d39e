import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { CryptoError } from './crypto-error.js'
import { TAG, encodeLength, encodeTlv, encodeUnsignedInteger, integerMagnitude, readChildren, readOnly, readTlv } from './der.js'
import { decodeDerSignature, encodeDerSignature } from './ec-signature.js'

const hex = (s: string) => Buffer.from(s, 'hex')
const isFormat = (e: unknown) => e instanceof CryptoError && e.reason === 'format'
const N = BigInt('0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551')

describe('strict DER', () => {
  it('rejects indefinite, non-minimal, overlong and truncated lengths and trailing bytes', () => {
    assert.throws(() => readTlv(hex('3080020101'), 0), isFormat)
    assert.throws(() => readTlv(hex('30810302010a'), 0), isFormat)
    assert.throws(() => readTlv(hex('3082000302010a'), 0), isFormat)
    assert.throws(() => readTlv(hex('3085ffffffffff'), 0), isFormat)
    assert.throws(() => readTlv(hex('300502010a'), 0), isFormat)
    assert.throws(() => readTlv(hex('30'), 0), isFormat)
    assert.throws(() => readOnly(hex('300302010a00'), TAG.SEQUENCE), isFormat)
    assert.throws(() => readOnly(hex('040100'), TAG.SEQUENCE), isFormat)
    assert.throws(() => readTlv(hex('1f2200'), 0), isFormat)
  })

  it('accepts only minimal non-negative INTEGERs', () => {
    const int = (h: string) => integerMagnitude(readTlv(hex(h), 0))
    assert.deepEqual(int('020100'), Buffer.alloc(0))
    assert.deepEqual(int('020200ff'), hex('ff'))
    assert.throws(() => int('0200'), isFormat)
    assert.throws(() => int('0201ff'), isFormat)
    assert.throws(() => int('0202007f'), isFormat)
  })

  it('encodes lengths and integers that the reader reads back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), (bytes) => {
        const value = Buffer.from(bytes)
        const tlv = readTlv(encodeTlv(TAG.OCTET_STRING, value), 0)
        assert.deepEqual(tlv.value, value)
        const mag = integerMagnitude(readTlv(encodeUnsignedInteger(value), 0))
        const stripped = value.subarray(value.findIndex((b) => b !== 0) === -1 ? value.length : value.findIndex((b) => b !== 0))
        assert.deepEqual(mag, stripped)
      }),
    )
    assert.deepEqual(encodeLength(127), hex('7f'))
    assert.deepEqual(encodeLength(128), hex('8180'))
    assert.deepEqual(encodeLength(6159), hex('82180f'))
  })

  it('never throws anything but CryptoError on random input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        try {
          readChildren(readOnly(Buffer.from(bytes), TAG.SEQUENCE))
        } catch (e) {
          assert.ok(isFormat(e))
        }
        assert.equal(decodeDerSignature(Buffer.from(bytes), N) === null || true, true)
      }),
    )
  })

  it('round-trips signatures and refuses r or s outside [1, n-1]', () => {
    const r = Buffer.alloc(32, 0x80)
    const s = Buffer.alloc(32, 0x01)
    const der = encodeDerSignature(r, s)
    assert.equal(der[3], 33, 'a high bit gets a 0x00 sign byte')
    assert.deepEqual(decodeDerSignature(der, N), { r, s })
    assert.equal(decodeDerSignature(encodeDerSignature(Buffer.alloc(32), s), N), null)
    assert.equal(decodeDerSignature(encodeDerSignature(Buffer.alloc(32, 0xff), s), N), null)
    assert.equal(decodeDerSignature(encodeDerSignature(Buffer.alloc(33, 1), s), N), null)
  })
})
