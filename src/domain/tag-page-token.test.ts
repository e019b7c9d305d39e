import { it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { decodeTagCursor, encodeTagCursor } from './tag-page-token.js'

it('a NextToken round-trips any cursor, and anything not produced by encodeTagCursor is InvalidParameter', () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), (resourceId, tagKey) => {
      assert.deepEqual(decodeTagCursor(encodeTagCursor({ resourceId, tagKey })), { resourceId, tagKey })
    }),
  )
  const token = encodeTagCursor({ resourceId: 'key-1', tagKey: 'k' })
  const refusal = (e: Error & { code?: string }) => e.code === 'InvalidParameter' && /NextToken/.test(e.message)
  const encoded = (json: string) => Buffer.from(json).toString('base64url')
  for (const bad of ['', 'garbage', `${token}=`, `${token}A`, encoded('["a"]'), encoded('[1,2]'), encoded('{"a":"b"}')])
    assert.throws(() => decodeTagCursor(bad), refusal, bad)
})
