import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { compilePatterns, compileWildcard, matchesAny } from './wildcard.js'

/** The reference: the same pattern as an anchored regular expression (fine for the short strings generated here). */
function reference(pattern: string, subject: string, ignoreCase = false): boolean {
  const body = [...pattern].map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))).join('')
  return new RegExp(`^${body}$`, ignoreCase ? 'i' : '').test(subject)
}

describe('RAM wildcards', () => {
  it('match * as any run (the empty one too) and ? as exactly one character', () => {
    const m = compileWildcard('acs:kms:*:*:key/*')
    assert.ok(m('acs:kms:cn-hangzhou:123:key/abc'))
    assert.ok(m('acs:kms:::key/'))
    assert.ok(!m('acs:kms:cn-hangzhou:123:secret/abc'))
    assert.ok(!m('acs:kms:cn-hangzhou:123:key'))
    const q = compileWildcard('key/k?y')
    assert.ok(q('key/key') && q('key/k-y'))
    assert.ok(!q('key/ky') && !q('key/keey'))
    assert.ok(compileWildcard('*')('') && compileWildcard('**')('anything'))
    assert.ok(compileWildcard('a*?')('ab') && !compileWildcard('a*?')('a'))
  })

  it('compare exactly without wildcards, and in lower case when asked (actions)', () => {
    assert.ok(compileWildcard('kms:Encrypt')('kms:Encrypt'))
    assert.ok(!compileWildcard('kms:Encrypt')('kms:encrypt'))
    assert.ok(compileWildcard('kms:Encrypt', true)('KMS:ENCRYPT'))
    assert.ok(compileWildcard('kms:Describe*', true)('kms:describekey'))
  })

  it('agree with a reference regular expression', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', '*', '?', ':', '/', '.')
    const subjects = fc.constantFrom('a', 'b', 'A', ':', '/', '.', 'é')
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 10 }), fc.array(subjects, { maxLength: 14 }), fc.boolean(), (p, s, ic) => {
        const pattern = p.join('')
        const subject = s.join('')
        assert.equal(compileWildcard(pattern, ic)(subject), reference(pattern, subject, ic), `${pattern} ~ ${subject}`)
      }),
      { numRuns: 3000 },
    )
  })

  it('pattern sets agree with matching each pattern alone', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[ab*?]{0,5}$/), { maxLength: 5 }), fc.stringMatching(/^[ab]{0,6}$/), (patterns, subject) => {
        assert.equal(matchesAny(compilePatterns(patterns), subject), patterns.some((p) => compileWildcard(p)(subject)))
      }),
      { numRuns: 1000 },
    )
  })

  it('stay fast on star bombs that make backtracking engines explode', () => {
    const cases: Array<[string, string]> = [
      ['a*'.repeat(500) + 'b', 'a'.repeat(6000)],
      ['*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(100_000)],
      ['?*'.repeat(300) + 'c', 'ab'.repeat(3000)],
      ['*' + 'a?'.repeat(100) + 'x*', 'ab'.repeat(5000)],
    ]
    for (const [pattern, subject] of cases) {
      const m = compileWildcard(pattern)
      const t0 = performance.now()
      assert.equal(m(subject), false)
      const ms = performance.now() - t0
      assert.ok(ms < 250, `${pattern.slice(0, 20)}… took ${ms.toFixed(1)} ms`)
    }
  })
})
