import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isKmsError } from '../domain/errors.js'
import { buildParams, parseFormEncoded, transportRequestFrom } from './transport-request.js'

const FORM = 'application/x-www-form-urlencoded'
const invalidParameter = (e: unknown) => isKmsError(e) && e.code === 'InvalidParameter'

test('parseFormEncoded decodes %XY, "+" and UTF-8, in order', () => {
  assert.deepEqual(parseFormEncoded('b=x%20y+z&a=%E4%B8%AD&c=%2B&empty=&bare&&=ignored', 'query'), [
    ['b', 'x y z'],
    ['a', '中'],
    ['c', '+'],
    ['empty', ''],
    ['bare', ''],
  ])
  assert.deepEqual(parseFormEncoded("k=*'()!~", 'query'), [['k', "*'()!~"]])
  assert.deepEqual(parseFormEncoded('k=a=b', 'query'), [['k', 'a=b']])
  assert.deepEqual(parseFormEncoded(Buffer.from('k=%EF%BB%BFx'), 'body'), [['k', '\uFEFFx']])
})

test('malformed percent-encoding or non-UTF-8 is InvalidParameter, not a crash', () => {
  for (const bad of ['k=%', 'k=%G1', 'k=%E4%B8', 'k=%FF', 'k=%ED%A0%80', '%ZZ=1']) {
    assert.throws(() => parseFormEncoded(bad, 'query'), invalidParameter, bad)
  }
  assert.throws(() => parseFormEncoded(Buffer.from([0x6b, 0x3d, 0xff]), 'body'), invalidParameter)
})

test('buildParams merges the query and a form body; the body wins on a shared name', () => {
  const params = buildParams([['KeyId', 'q'], ['Action', 'Encrypt']], `${FORM}; charset=UTF-8`, Buffer.from('KeyId=b&Plaintext=aGk%3D'))
  assert.deepEqual(params, { KeyId: 'b', Action: 'Encrypt', Plaintext: 'aGk=' })
})

test('bodies of other content types are not parameters', () => {
  const body = Buffer.from('KeyId=b')
  assert.deepEqual(buildParams([['a', '1']], 'application/json', body), { a: '1' })
  assert.deepEqual(buildParams([['a', '1']], undefined, body), { a: '1' })
  assert.deepEqual(buildParams([['a', '1']], 'application/x-www-form-urlencodedX', body), { a: '1' })
  assert.deepEqual(buildParams([['a', '1']], 'Application/X-WWW-Form-Urlencoded', body), { a: '1', KeyId: 'b' })
})

test('a name repeated within the query or within the body is refused', () => {
  assert.throws(() => buildParams([['KeyId', 'a'], ['KeyId', 'b']], undefined, Buffer.alloc(0)), invalidParameter)
  assert.throws(() => buildParams([], FORM, Buffer.from('KeyId=a&KeyId=b')), invalidParameter)
})

test('__proto__ and other Object member names are ordinary parameters', () => {
  const params = buildParams([['__proto__', 'x'], ['constructor', 'y']], undefined, Buffer.alloc(0))
  assert.equal(Object.getPrototypeOf(params), Object.prototype)
  assert.equal(Object.hasOwn(params, '__proto__'), true)
  assert.equal(params.constructor, 'y')
})

test('transportRequestFrom splits the URL and builds params', () => {
  const req = transportRequestFrom(
    { method: 'post', url: '/?A=1&B=x%2Fy', headers: { 'content-type': FORM, host: 'h' } },
    Buffer.from('C=3'),
  )
  assert.equal(req.method, 'POST')
  assert.equal(req.path, '/')
  assert.deepEqual(req.query, [['A', '1'], ['B', 'x/y']])
  assert.deepEqual(req.params, { A: '1', B: 'x/y', C: '3' })
  const bare = transportRequestFrom({ method: 'GET', url: '/', headers: {} }, Buffer.alloc(0))
  assert.deepEqual(bare.query, [])
  assert.deepEqual(bare.params, {})
})
