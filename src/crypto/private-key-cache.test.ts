import assert from 'node:assert/strict'
import { createHash, createPublicKey, verify } from 'node:crypto'
import { before, describe, it } from 'node:test'
import { CryptoError } from './crypto-error.js'
import { residentKeys, runCryptoTask, type CryptoTask } from './crypto-task.js'
import { keyHandle } from './key-handle.js'
import { generateKeyMaterial } from './keygen.js'
import { PrivateKeyCache } from './private-key-cache.js'
import { NotResidentError } from './worker-pool.js'

type Pair = { material: Buffer; publicKey: Buffer }
const DIGEST = createHash('sha256').update('resident keys').digest()
const isNotResident = (e: unknown) => e instanceof NotResidentError && e.name === 'NotResidentError'

let rsa: Pair
let ec: Pair
let ec2: Pair
before(async () => {
  ;[rsa, ec, ec2] = (await Promise.all([
    generateKeyMaterial('RSA_2048'),
    generateKeyMaterial('EC_P256'),
    generateKeyMaterial('EC_P256'),
  ])) as Pair[]
})

describe('key handles', () => {
  it('are stable per material, differ between keys and do not reveal the material', () => {
    assert.equal(keyHandle(ec.material), keyHandle(ec.material))
    assert.equal(keyHandle(Buffer.from(ec.material)), keyHandle(ec.material))
    assert.notEqual(keyHandle(ec2.material), keyHandle(ec.material))
    assert.notEqual(keyHandle(ec.material), createHash('sha256').update(ec.material).digest('base64url'))
    assert.match(keyHandle(ec.material), /^[\w-]{43}$/)
  })
})

describe('PrivateKeyCache', () => {
  it('parses once, then answers from the cache without material', () => {
    const cache = new PrivateKeyCache(2)
    const first = cache.get('a', 'EC_P256', ec.material)
    assert.equal(first.kind, 'ecdsa')
    assert.equal(cache.get('a', 'EC_P256', undefined), first)
    assert.equal(cache.get('a', 'EC_P256', ec.material), first)
  })

  it('evicts the least recently used key and then asks for the material', () => {
    const cache = new PrivateKeyCache(2)
    cache.get('a', 'EC_P256', ec.material)
    cache.get('b', 'EC_P256', ec2.material)
    cache.get('a', 'EC_P256', undefined)
    cache.get('c', 'RSA_2048', rsa.material)
    assert.throws(() => cache.get('b', 'EC_P256', undefined), isNotResident)
    assert.equal(cache.get('a', 'EC_P256', undefined).kind, 'ecdsa')
    assert.equal(cache.get('c', 'RSA_2048', undefined).kind, 'rsa')
  })

  it('does not keep material that failed to parse', () => {
    const cache = new PrivateKeyCache(2)
    assert.throws(() => cache.get('x', 'EC_P256K', ec.material), (e) => e instanceof CryptoError && e.reason === 'key')
    assert.throws(() => cache.get('x', 'EC_P256K', undefined), isNotResident)
  })
})

describe('private-key tasks', () => {
  const sign = (material: Buffer | undefined, handle = keyHandle(ec.material)): Extract<CryptoTask, { op: 'sign' }> => ({
    op: 'sign',
    spec: 'EC_P256',
    alg: 'ECDSA_SHA_256',
    handle,
    ...(material ? { material: new Uint8Array(material) } : {}),
    digest: new Uint8Array(DIGEST),
  })

  it('sign with the material once, then by handle alone', () => {
    const pub = createPublicKey({ key: ec.publicKey, format: 'der', type: 'spki' })
    const withMaterial = runCryptoTask(sign(ec.material)) as Uint8Array
    const byHandle = runCryptoTask(sign(undefined)) as Uint8Array
    for (const sig of [withMaterial, byHandle]) {
      assert.ok(verify('sha256', Buffer.from('resident keys'), pub, sig))
    }
    assert.throws(() => runCryptoTask(sign(undefined, keyHandle(ec2.material))), isNotResident)
  })

  it('are stripped of their material for the pool and keyed by spec and handle', () => {
    const task = sign(ec.material)
    const stripped = residentKeys.strip(task)
    assert.equal('material' in stripped, false)
    assert.deepEqual({ ...stripped, material: task.material }, task)
    assert.equal(residentKeys.keyOf(task), `EC_P256:${keyHandle(ec.material)}`)
    const verifyTask: CryptoTask = { op: 'verify', spec: 'EC_P256', alg: 'ECDSA_SHA_256', publicKey: ec.publicKey, digest: DIGEST, signature: DIGEST }
    assert.equal(residentKeys.keyOf(verifyTask), undefined)
  })
})
