/** The registry is the architecture: these checks keep files, names, docs and the error catalog in agreement. */
import { it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { PRODUCTS, productOf } from '../src/actions/index.js'
import { ERROR_CATALOG } from '../src/domain/errors.js'
import { renderApiDoc, renderIdentityApiDoc } from '../src/actions/api-doc.js'

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').toLowerCase()

it('every action file is registered under its own name, and names are unique within a product', async () => {
  for (const product of PRODUCTS) {
    const names = new Set<string>()
    for (const { name: group, dir, actions } of product.groups) {
      const files = readdirSync(join('src/actions', dir)).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.test.ts'))
      assert.deepEqual(files.sort(), actions.map((a) => `${kebab(a.name)}.ts`).sort(), `files of ${product.code}/${group}`)
      for (const a of actions) {
        const mod = (await import(`../src/actions/${dir}/${kebab(a.name)}.js`)) as Record<string, unknown>
        assert.equal(mod[a.name], a, `${a.name} is exported under its name from its file`)
        assert.ok(!names.has(a.name), `${product.code}:${a.name} is unique`)
        names.add(a.name)
      }
    }
    assert.equal(names.size, product.actions.length)
    assert.equal(productOf(product.version), product, `Version ${product.version} selects ${product.code}`)
  }
})

it('every declared error code is in the catalog, and every action is described', () => {
  for (const a of PRODUCTS.flatMap((p) => p.actions)) {
    assert.ok(a.description.length > 10, `${a.name} has a description`)
    for (const code of a.errors) assert.ok(code in ERROR_CATALOG, `${a.name}: ${code}`)
    for (const [name, p] of Object.entries(a.params)) assert.match(name, /^[A-Z][A-Za-z0-9]*$/, `${a.name}.${name} keeps the wire name`)
  }
})

it('docs/api.md and docs/api-identity.md are current (run `npm run docs`)', () => {
  assert.equal(readFileSync('docs/api.md', 'utf8'), renderApiDoc())
  assert.equal(readFileSync('docs/api-identity.md', 'utf8'), renderIdentityApiDoc())
})

