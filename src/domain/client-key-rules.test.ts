import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { checkClientKeyPassword, clientKeyValidity, generateClientKeyPassword } from './client-key-rules.js'
import { KmsError } from './errors.js'

function refused(fn: () => unknown, code: string, param: string, pattern: RegExp = /./): KmsError {
  let caught: unknown
  assert.throws(fn, (e: unknown) => {
    caught = e
    return e instanceof KmsError && e.code === code && e.message.includes(`"${param}"`) && pattern.test(e.message)
  })
  return caught as KmsError
}

describe('client key password policy', () => {
  it('accepts 8-64 characters of at least two classes', () => {
    for (const ok of ['abcdefg1', 'ABCDEFG!', '12345678_', 'bcfefe15-46f0', '~!@#$%^&*?_-a', 'a'.repeat(63) + '1', 'Aa1~'.repeat(16)])
      assert.doesNotThrow(() => checkClientKeyPassword(ok), ok)
  })

  it('refuses short, long, single-class and foreign-character passwords without echoing them', () => {
    const cases: Array<[string, RegExp]> = [
      ['abc1234', /8 to 64/],
      ['a1'.repeat(32) + 'x', /8 to 64/],
      ['abcdefgh', /at least two/],
      ['12345678', /at least two/],
      ['&^%$#@!~?', /at least two/],
      ['abcd 1234', /Only letters, digits/],
      ['abcd+1234', /Only letters, digits/],
      ['abcd1234é', /Only letters, digits/],
      ['abcd1234\n', /Only letters, digits/],
      ['(abcd1234)', /Only letters, digits/],
    ]
    for (const [pw, why] of cases) {
      const err = refused(() => checkClientKeyPassword(pw), 'InvalidParameter', 'Password', why)
      assert.ok(!err.message.includes(pw.trim()), 'the message does not repeat the password')
    }
  })

  it('generates passwords that satisfy the policy and differ', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const pw = generateClientKeyPassword()
      assert.equal(pw.length, 24)
      checkClientKeyPassword(pw)
      assert.match(pw, /[A-Za-z]/)
      assert.match(pw, /[0-9]/)
      assert.match(pw, /[~!@#$%^&*?_-]/)
      seen.add(pw)
    }
    assert.equal(seen.size, 200)
  })
})

describe('client key validity', () => {
  const now = Date.UTC(2024, 1, 29, 8, 30, 15, 999)

  it('defaults to now (whole seconds) until five calendar years later', () => {
    const v = clientKeyValidity(undefined, undefined, now)
    assert.equal(new Date(v.notBefore).toISOString(), '2024-02-29T08:30:15.000Z')
    assert.equal(new Date(v.notAfter).toISOString(), '2029-03-01T08:30:15.000Z', '29 February rolls over to 1 March')
    const plain = clientKeyValidity(undefined, undefined, Date.UTC(2023, 7, 31, 17, 14, 33))
    assert.equal(new Date(plain.notAfter).toISOString(), '2028-08-31T17:14:33.000Z')
  })

  it('takes both bounds in the strict UTC format', () => {
    const v = clientKeyValidity('2023-08-31T17:14:33Z', '2028-08-31T17:14:33Z', now)
    assert.deepEqual(v, { notBefore: Date.UTC(2023, 7, 31, 17, 14, 33), notAfter: Date.UTC(2028, 7, 31, 17, 14, 33) })
  })

  it('requires both or neither, a valid format, and NotAfter after NotBefore', () => {
    refused(() => clientKeyValidity('2023-08-31T17:14:33Z', undefined, now), 'MissingParameter', 'NotAfter')
    refused(() => clientKeyValidity(undefined, '2028-08-31T17:14:33Z', now), 'MissingParameter', 'NotBefore')
    for (const bad of ['2023-08-31 17:14:33Z', '2023-08-31T17:14:33', '2023-08-31T17:14:33.000Z', '2023-02-30T00:00:00Z', '2023-08-31T17:14:33+08:00', 'tomorrow', '1969-12-31T23:59:59Z'])
      refused(() => clientKeyValidity(bad, '2028-08-31T17:14:33Z', now), 'InvalidParameter', 'NotBefore')
    refused(() => clientKeyValidity('2023-08-31T17:14:33Z', '2028-13-01T00:00:00Z', now), 'InvalidParameter', 'NotAfter')
    refused(() => clientKeyValidity('2023-08-31T17:14:33Z', '2023-08-31T17:14:33Z', now), 'InvalidParameter', 'NotAfter', /later than NotBefore/)
    refused(() => clientKeyValidity('2023-08-31T17:14:33Z', '2022-08-31T17:14:33Z', now), 'InvalidParameter', 'NotAfter', /later than NotBefore/)
  })
})
