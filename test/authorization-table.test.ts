/**
 * The authorisation table (src/domain/policy/action-resources.ts) against the action registry. It lives here,
 * outside src/, because the registry is a layer above the domain the table belongs to.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ACTIONS } from '../src/actions/index.js'
import { KMS_AUTHORIZATION } from '../src/domain/policy/action-resources.js'

describe('authorisation table', () => {
  it('has an entry for every registered KMS action, and none for actions that do not exist', () => {
    const registered = new Set(ACTIONS.map((a) => a.name))
    const missing = [...registered].filter((n) => !Object.hasOwn(KMS_AUTHORIZATION, n))
    assert.deepEqual(missing, [], `actions without an authorisation entry: ${missing.join(', ')}`)
    const stale = Object.keys(KMS_AUTHORIZATION).filter((n) => !registered.has(n))
    assert.deepEqual(stale, [], `entries for unknown actions: ${stale.join(', ')}`)
  })

})
