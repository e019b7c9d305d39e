import { it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { validateAliasName } from './alias.js'

const ALLOWED = /^alias\/[A-Za-z0-9_/-]{1,255}$/

it('accepts exactly alias/ + 1–255 of [A-Za-z0-9_/-] outside alias/acs, and names AliasName when refusing', () => {
  for (const ok of ['alias/a', 'alias/acX', 'alias/Acs', 'alias/a-b_c/d', `alias/${'z'.repeat(255)}`]) assert.equal(validateAliasName(ok), ok)
  const refusal = (e: Error & { code?: string }) => e.code === 'InvalidParameter' && /AliasName/.test(e.message)
  for (const bad of ['alias/', 'alias/acs', 'alias/acs:x', 'alias/acsfoo', 'alias/é', 'alias/a.b', 'alias/../x', `alias/${'z'.repeat(256)}`, 'x', ''])
    assert.throws(() => validateAliasName(bad), refusal, bad)
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      const name = `alias/${s}`
      const expected = ALLOWED.test(name) && !name.startsWith('alias/acs')
      let accepted = true
      try {
        validateAliasName(name)
      } catch {
        accepted = false
      }
      assert.equal(accepted, expected, name)
    }),
  )
})
