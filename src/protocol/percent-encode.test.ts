import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { percentEncode } from './percent-encode.js'

test('unreserved characters stay literal, everything else is %XY upper-case (RFC 3986 §2.3)', () => {
  assert.equal(percentEncode('AZaz09-_.~'), 'AZaz09-_.~')
  assert.equal(percentEncode(' '), '%20')
  assert.equal(percentEncode('*'), '%2A')
  assert.equal(percentEncode("!'()"), '%21%27%28%29')
  assert.equal(percentEncode('/=&+:'), '%2F%3D%26%2B%3A')
  assert.equal(percentEncode('中'), '%E4%B8%AD')
  assert.equal(percentEncode('😀'), '%F0%9F%98%80')
  assert.equal(percentEncode(''), '')
})

test('a lone surrogate is encoded as U+FFFD instead of throwing', () => {
  assert.equal(percentEncode('a\uD800b'), 'a%EF%BF%BDb')
})

test('agrees with a byte-by-byte RFC 3986 encoder on arbitrary Unicode', () => {
  const reference = (s: string) =>
    [...Buffer.from(s, 'utf8')]
      .map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
      .join('')
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => percentEncode(s) === reference(s)))
})
