import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import forge from 'node-forge'
import { CryptoError } from './crypto-error.js'
import { dataKeyAad, openSecret, sealSecret, valueAad, type SealingKey } from './secret-envelope.js'

const binding = { secretName: 'app/db', versionId: 'v1', keyVersionId: 'kv-1' }

/** AES-GCM decryption by node-forge (pure JavaScript): a second implementation to check our blobs against. */
function forgeOpen(key: Buffer, blob: Buffer, aad: Buffer): Buffer | undefined {
  assert.equal(blob[0], 1)
  const iv = blob.subarray(1, 13)
  const tag = blob.subarray(blob.length - 16)
  const decipher = forge.cipher.createDecipher('AES-GCM', forge.util.createBuffer(key.toString('binary')))
  decipher.start({ iv: iv.toString('binary'), additionalData: aad.toString('binary'), tagLength: 128, tag: forge.util.createBuffer(tag.toString('binary')) })
  decipher.update(forge.util.createBuffer(blob.subarray(13, blob.length - 16).toString('binary')))
  return decipher.finish() ? Buffer.from(decipher.output.getBytes(), 'binary') : undefined
}

describe('secret envelope', () => {
  const aesKey: SealingKey = { alg: 'AES_GCM', material: randomBytes(32) }

  it('seals with a fresh data key that node-forge can unwrap and use', () => {
    const value = Buffer.from('p@ssw0rd — 秘密', 'utf8')
    const sealed = sealSecret(value, aesKey, binding)
    const dataKey = forgeOpen(aesKey.material, sealed.wrappedDataKey, dataKeyAad(binding))
    assert.equal(dataKey?.length, 32)
    assert.deepEqual(forgeOpen(dataKey as Buffer, sealed.ciphertext, valueAad(binding)), value)
    assert.equal(forgeOpen(dataKey as Buffer, sealed.ciphertext, valueAad({ ...binding, versionId: 'v2' })), undefined)
    assert.ok(!sealed.ciphertext.includes(value))
    assert.deepEqual(openSecret(sealed, aesKey, binding), value)
  })

  it('uses a new data key and IV every time', () => {
    const a = sealSecret(Buffer.from('same'), aesKey, binding)
    const b = sealSecret(Buffer.from('same'), aesKey, binding)
    assert.notDeepEqual(a.ciphertext, b.ciphertext)
    assert.notDeepEqual(a.wrappedDataKey, b.wrappedDataKey)
  })

  it('seals under SM4-GCM keys and AES-128 keys as well', () => {
    for (const key of [{ alg: 'SM4_GCM', material: randomBytes(16) }, { alg: 'AES_GCM', material: randomBytes(16) }] as SealingKey[]) {
      const sealed = sealSecret(Buffer.alloc(30720, 7), key, binding)
      assert.deepEqual(openSecret(sealed, key, binding), Buffer.alloc(30720, 7))
    }
  })

  it('refuses another binding, another key, swapped or tampered blobs', () => {
    const sealed = sealSecret(Buffer.from('value'), aesKey, binding)
    const other = sealSecret(Buffer.from('value'), aesKey, { ...binding, versionId: 'v2' })
    const fails = (fn: () => unknown) => assert.throws(fn, (e) => e instanceof CryptoError)
    fails(() => openSecret(sealed, aesKey, { ...binding, secretName: 'app/other' }))
    fails(() => openSecret(sealed, aesKey, { ...binding, keyVersionId: 'kv-2' }))
    fails(() => openSecret(sealed, { alg: 'AES_GCM', material: randomBytes(32) }, binding))
    fails(() => openSecret({ ...sealed, ciphertext: other.ciphertext }, aesKey, binding))
    const flipped = Buffer.from(sealed.ciphertext)
    flipped[20] = (flipped[20] as number) ^ 1
    fails(() => openSecret({ ...sealed, ciphertext: flipped }, aesKey, binding))
    fails(() => openSecret({ ...sealed, ciphertext: Buffer.from([2, ...sealed.ciphertext.subarray(1)]) }, aesKey, binding))
    fails(() => openSecret({ ...sealed, wrappedDataKey: Buffer.alloc(5) }, aesKey, binding))
  })
})
