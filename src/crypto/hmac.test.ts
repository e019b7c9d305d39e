import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { sm3 } from 'sm-crypto-v2'
import { hmac, timingSafeEqualBytes } from './hmac.js'
import { withOpenssl } from '../../test/support/openssl.js'

/** RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?". */
const KEY = Buffer.from('Jefe')
const MSG = Buffer.from('what do ya want for nothing?')
const RFC4231 = {
  HMAC_SHA_224: 'a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44',
  HMAC_SHA_256: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  HMAC_SHA_384:
    'af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649',
  HMAC_SHA_512:
    '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
} as const

describe('hmac', () => {
  for (const [alg, expected] of Object.entries(RFC4231)) {
    it(`${alg} matches RFC 4231 test case 2`, () => {
      assert.equal(hmac(alg as keyof typeof RFC4231, KEY, MSG).toString('hex'), expected)
    })
  }

  it('HMAC_SM3 agrees with sm-crypto-v2 and with openssl', () => {
    const key = randomBytes(40)
    const msg = randomBytes(100)
    const ours = hmac('HMAC_SM3', key, msg).toString('hex')
    assert.equal(ours, sm3(msg, { key, mode: 'hmac' }))
    withOpenssl((dir) => {
      dir.put('msg', msg)
      const r = dir.run(['mac', '-digest', 'SM3', '-macopt', `hexkey:${key.toString('hex')}`, '-in', 'msg', 'HMAC'])
      assert.ok(r.ok, r.stderr)
      assert.equal(r.stdout.trim().toLowerCase(), ours)
    })
  })

  it('throws on an unknown algorithm', () => {
    assert.throws(() => hmac('HMAC_MD5' as 'HMAC_SM3', KEY, MSG), RangeError)
  })
})

describe('timingSafeEqualBytes', () => {
  it('is true only for identical bytes and false on any length mismatch', () => {
    const a = randomBytes(32)
    assert.equal(timingSafeEqualBytes(a, Buffer.from(a)), true)
    assert.equal(timingSafeEqualBytes(a, Buffer.from(a.map((x, i) => (i === 31 ? x ^ 1 : x)))), false)
    assert.equal(timingSafeEqualBytes(a, a.subarray(0, 31)), false)
    assert.equal(timingSafeEqualBytes(Buffer.alloc(0), Buffer.alloc(0)), true)
  })
})
