/**
 * The console's forms are derived from the action registry: the build's description covers every action and
 * parameter with its allowed values, and what a form encodes is what the server's own decoders accept.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { consoleActions } from '../../scripts/console-actions.js'
import { ACTIONS, findAction } from '../../src/actions/index.js'
import { decodeParams } from '../../src/actions/params.js'
import { KEY_SPECS } from '../../src/domain/key-spec.js'
import { encodeValues } from '../../console/src/api/encode.js'
import type { ParamInfo } from '../../console/src/api/types.js'

const described = consoleActions()
const info = (name: string) => described.find((a) => a.name === name && a.version === '2016-01-20') as { params: ParamInfo[] }

describe('console forms from the registry', () => {
  it('describes every KMS action with exactly its parameters', () => {
    for (const action of ACTIONS) {
      const d = info(action.name)
      assert.ok(d, action.name)
      assert.deepEqual(d.params.map((p) => p.name), Object.keys(action.params), action.name)
      for (const p of d.params) assert.equal(p.required, action.params[p.name]!.required, `${action.name}.${p.name}`)
    }
  })

  it('gives enum parameters their values and defaults (every key spec can be created)', () => {
    const spec = info('CreateKey').params.find((p) => p.name === 'KeySpec')!
    assert.deepEqual(spec.values, [...KEY_SPECS])
    assert.equal(spec.default, 'Aliyun_AES_256')
    for (const a of described) for (const p of a.params) if (p.kind === 'enum') assert.ok((p.values ?? []).length > 0, `${a.name}.${p.name}`)
    const auth = info('CreateApplicationAccessPoint').params.find((p) => p.name === 'AuthenticationMethod')!
    assert.deepEqual(auth.values, ['ClientKey'], 'a one-value enum is still a choice')
  })

  it('encodes lists, object lists, booleans and JSON as the server decodes them', () => {
    const tag = findAction('TagResources')!
    const raw = encodeValues(info('TagResources').params, {
      RegionId: 'cn-hangzhou',
      ResourceType: 'key',
      ResourceId: 'key-a\n  key-b  \n\n',
      Tag: '[{"Key":"team","Value":"console"},{"Key":"env","Value":"dev"}]',
    })
    assert.deepEqual(raw, {
      RegionId: 'cn-hangzhou',
      ResourceType: 'key',
      'ResourceId.1': 'key-a',
      'ResourceId.2': 'key-b',
      'Tag.1.Key': 'team',
      'Tag.1.Value': 'console',
      'Tag.2.Key': 'env',
      'Tag.2.Value': 'dev',
    })
    const decoded = decodeParams(tag.params, raw) as Record<string, unknown>
    assert.deepEqual(decoded.ResourceId, ['key-a', 'key-b'])
    assert.deepEqual(decoded.Tag, [{ Key: 'team', Value: 'console' }, { Key: 'env', Value: 'dev' }])

    const create = info('CreateKey').params
    // An unchanged default is left to the server; a change is sent; empty text is not sent at all.
    assert.deepEqual(encodeValues(create, { EnableAutomaticRotation: false, Description: '', KeySpec: 'EC_P256' }), { KeySpec: 'EC_P256' })
    const withRotation = encodeValues(create, { EnableAutomaticRotation: true, RotationInterval: '7d', Tags: '[{"TagKey":"a","TagValue":"b"}]' })
    const decodedKey = decodeParams(findAction('CreateKey')!.params, withRotation) as Record<string, unknown>
    assert.equal(decodedKey.EnableAutomaticRotation, true)
    assert.deepEqual(decodedKey.Tags, [{ TagKey: 'a', TagValue: 'b' }])
    // A required boolean is always sent, false included.
    assert.deepEqual(encodeValues(info('UpdateRotationPolicy').params, { KeyId: 'k', EnableAutomaticRotation: false }), { KeyId: 'k', EnableAutomaticRotation: 'false' })
  })

  it('refuses a malformed object list with a message naming the parameter', () => {
    assert.throws(() => encodeValues(info('TagResources').params, { Tag: '{"Key":"k"}' }), /^Error: Tag: give a JSON array/)
    assert.throws(() => encodeValues(info('TagResources').params, { Tag: 'not json' }), /^Error: Tag: give a JSON array/)
  })
})
