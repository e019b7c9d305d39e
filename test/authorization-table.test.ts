/**
 * The authorisation table (src/domain/policy/action-resources.ts) against the action registry. It lives here,
 * outside src/, because the registry is a layer above the domain the table belongs to.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { PRODUCTS } from '../src/actions/index.js'
import { KMS_AUTHORIZATION, RAM_AUTHORIZATION, STS_AUTHORIZATION } from '../src/domain/policy/action-resources.js'

describe('authorisation table', () => {
  it('has an entry for every registered action of every product (KMS, RAM, STS), and none for actions that do not exist', () => {
    const tables = { kms: KMS_AUTHORIZATION, ram: RAM_AUTHORIZATION, sts: STS_AUTHORIZATION }
    for (const product of PRODUCTS) {
      const table = tables[product.code]
      const registered = new Set(product.actions.map((a) => a.name))
      const missing = [...registered].filter((n) => !Object.hasOwn(table, n))
      assert.deepEqual(missing, [], `${product.code} actions without an authorisation entry: ${missing.join(', ')}`)
      const stale = Object.keys(table).filter((n) => !registered.has(n))
      assert.deepEqual(stale, [], `${product.code} entries for unknown actions: ${stale.join(', ')}`)
    }
  })
})
