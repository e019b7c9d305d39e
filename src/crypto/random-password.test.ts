import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CryptoError } from './crypto-error.js'
import { PASSWORD_CLASSES, passwordPools, randomPassword, type PasswordClass } from './random-password.js'

const opts = (o: Partial<Parameters<typeof randomPassword>[0]> = {}) => ({
  length: 32,
  exclude: new Set<PasswordClass>(),
  excludeCharacters: '',
  requireEachIncludedType: true,
  ...o,
})

describe('random passwords', () => {
  it('has 32 punctuation characters: printable ASCII that is neither alphanumeric nor space', () => {
    const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).filter((c) => !/[A-Za-z0-9 ]/.test(c))
    assert.equal(PASSWORD_CLASSES.punctuation, printable.join(''))
  })

  it('gives the requested length with one of each included class, over many draws', () => {
    for (let i = 0; i < 200; i++) {
      const pw = randomPassword(opts({ length: 8 }))
      assert.equal(pw.length, 8)
      for (const cls of Object.values(PASSWORD_CLASSES)) assert.ok([...pw].some((c) => cls.includes(c)), `${pw} lacks ${cls}`)
    }
  })

  it('never uses excluded classes or characters', () => {
    for (let i = 0; i < 100; i++) {
      const pw = randomPassword(opts({ length: 128, exclude: new Set(['punctuation', 'uppercase']), excludeCharacters: 'abc012' }))
      assert.match(pw, /^[d-z3-9]{128}$/)
    }
  })

  it('covers the whole alphabet (no character is unreachable)', () => {
    const seen = new Set(Array.from({ length: 60 }, () => randomPassword(opts({ length: 128 }))).join(''))
    assert.equal(seen.size, 94)
  })

  it('ignores a class emptied by ExcludeCharacters when requiring each type', () => {
    const pw = randomPassword(opts({ length: 10, excludeCharacters: PASSWORD_CLASSES.numbers }))
    assert.doesNotMatch(pw, /[0-9]/)
    assert.equal(passwordPools({ exclude: new Set(), excludeCharacters: PASSWORD_CLASSES.numbers }).length, 3)
  })

  it('fails when nothing is left to draw from', () => {
    const everything = new Set<PasswordClass>(['lowercase', 'uppercase', 'numbers', 'punctuation'])
    assert.throws(() => randomPassword(opts({ exclude: everything })), CryptoError)
    assert.throws(() => randomPassword(opts({ exclude: new Set(['lowercase', 'uppercase', 'punctuation']), excludeCharacters: '0123456789' })), CryptoError)
  })
})
