import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { describe, it } from 'node:test'
import { INSTANCE_API_NAMES } from '../../instance-wire/proto.js'
import { INSTANCE_APIS } from './index.js'

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()

describe('instance API registry', () => {
  it('has exactly one handler per x-kms-apiname', () => {
    assert.deepEqual([...INSTANCE_APIS.keys()].sort(), [...INSTANCE_API_NAMES].sort())
  })

  it('keeps each API in a file named after it, exporting a constant of its name', async () => {
    const dir = new URL('.', import.meta.url)
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts' && f !== 'define-instance-api.ts')
    assert.deepEqual(files.map((f) => f.replace(/\.ts$/, '')).sort(), INSTANCE_API_NAMES.map(kebab).sort())
    for (const name of INSTANCE_API_NAMES) {
      const mod = (await import(new URL(`${kebab(name)}.ts`, dir).href)) as Record<string, { name: string }>
      assert.equal(mod[name]?.name, name, `${kebab(name)}.ts exports ${name}`)
    }
  })
})
