import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { KEY_SPECS } from './key-specs.js'
import {
  asymmetricDecrypt,
  asymmetricEncrypt,
  configureCryptoPool,
  cryptoPoolMode,
  cryptoPoolResidentStats,
  encryptionAlgorithmsFor,
  maxPlaintextBytes,
  shutdownCryptoPool,
  signAlgorithmsFor,
  signDigest,
  verifyDigest,
  warmUpCryptoPool,
} from './asymmetric.js'
import { CryptoError } from './crypto-error.js'
import { generateKeyMaterial } from './keygen.js'

const isReason = (r: string) => (e: unknown) => e instanceof CryptoError && e.reason === r

describe('algorithm tables (spec/kms-openapi.md §4.4)', () => {
  it('lists the signing and encryption algorithms of every spec', () => {
    const sign = Object.fromEntries(KEY_SPECS.map((s) => [s, signAlgorithmsFor(s)]))
    const enc = Object.fromEntries(KEY_SPECS.map((s) => [s, encryptionAlgorithmsFor(s)]))
    assert.deepEqual(sign, {
      Aliyun_AES_256: [],
      Aliyun_AES_128: [],
      Aliyun_AES_192: [],
      Aliyun_SM4: [],
      RSA_2048: ['RSA_PSS_SHA_256', 'RSA_PKCS1_SHA_256'],
      RSA_3072: ['RSA_PSS_SHA_256', 'RSA_PKCS1_SHA_256'],
      EC_P256: ['ECDSA_SHA_256'],
      EC_P256K: ['ECDSA_SHA_256'],
      EC_SM2: ['SM2DSA'],
      HMAC_SM3: [],
      HMAC_SHA_224: [],
      HMAC_SHA_256: [],
      HMAC_SHA_384: [],
      HMAC_SHA_512: [],
    })
    assert.deepEqual(enc, {
      Aliyun_AES_256: [],
      Aliyun_AES_128: [],
      Aliyun_AES_192: [],
      Aliyun_SM4: [],
      RSA_2048: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'],
      RSA_3072: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'],
      EC_P256: [],
      EC_P256K: [],
      EC_SM2: ['SM2PKE'],
      HMAC_SM3: [],
      HMAC_SHA_224: [],
      HMAC_SHA_256: [],
      HMAC_SHA_384: [],
      HMAC_SHA_512: [],
    })
  })

  it('gives the documented maximum plaintext sizes and rejects invalid pairs', () => {
    assert.equal(maxPlaintextBytes('RSA_2048', 'RSAES_OAEP_SHA_256'), 190)
    assert.equal(maxPlaintextBytes('RSA_2048', 'RSAES_OAEP_SHA_1'), 214)
    assert.equal(maxPlaintextBytes('RSA_3072', 'RSAES_OAEP_SHA_256'), 318)
    assert.equal(maxPlaintextBytes('RSA_3072', 'RSAES_OAEP_SHA_1'), 342)
    assert.equal(maxPlaintextBytes('EC_SM2', 'SM2PKE'), 6047)
    assert.throws(() => maxPlaintextBytes('EC_P256', 'SM2PKE'), isReason('unsupported'))
    assert.throws(() => maxPlaintextBytes('RSA_2048', 'SM2PKE'), isReason('unsupported'))
    assert.throws(() => maxPlaintextBytes('Aliyun_AES_256', 'RSAES_OAEP_SHA_256'), isReason('unsupported'))
  })
})

describe('worker pool behind the facade', () => {
  let rsa: { material: Buffer; publicKey: Buffer }
  const digest = createHash('sha256').update('event loop').digest()

  before(async () => {
    rsa = (await generateKeyMaterial('RSA_2048')) as typeof rsa
    warmUpCryptoPool()
  })
  after(() => shutdownCryptoPool())

  it('runs on worker threads here', async () => {
    await signDigest('RSA_2048', rsa.material, 'RSA_PSS_SHA_256', digest)
    assert.equal(cryptoPoolMode(), 'workers')
  })

  it('keeps the event loop responsive during 200 concurrent RSA-2048 signs, all of which verify', async () => {
    let last = performance.now()
    let maxGap = 0
    let ticks = 0
    const timer = setInterval(() => {
      const now = performance.now()
      maxGap = Math.max(maxGap, now - last)
      last = now
      ticks++
    }, 5)
    const sigs = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        signDigest('RSA_2048', rsa.material, i % 2 ? 'RSA_PSS_SHA_256' : 'RSA_PKCS1_SHA_256', digest),
      ),
    )
    clearInterval(timer)
    // Inline execution would run all 200 signs without a single timer tick in between.
    assert.ok(ticks >= 10, `only ${ticks} timer ticks while signing`)
    assert.ok(maxGap < 500, `event loop stalled for ${maxGap.toFixed(0)} ms`)
    for (const [i, sig] of sigs.entries()) {
      const alg = i % 2 ? 'RSA_PSS_SHA_256' : 'RSA_PKCS1_SHA_256'
      assert.equal(await verifyDigest('RSA_2048', rsa.publicKey, alg, digest, sig), true)
    }
  })

  it('carries CryptoError and its reason back from the worker', async () => {
    await assert.rejects(signDigest('RSA_2048', Buffer.from('junk'), 'RSA_PSS_SHA_256', digest), (e: unknown) => {
      return e instanceof CryptoError && e.reason === 'key' && /invalid RSA private key/.test(e.message)
    })
  })
})

describe('private keys resident in the workers', () => {
  const digest = createHash('sha256').update('resident').digest()
  after(() => configureCryptoPool({}))

  it('sends a key to the worker with its first task only', async () => {
    await configureCryptoPool({ size: 1 })
    const [rsa, sm2] = await Promise.all([generateKeyMaterial('RSA_2048'), generateKeyMaterial('EC_SM2')])
    const rsaPub = rsa.publicKey as Buffer
    for (let i = 0; i < 3; i++) {
      const sig = await signDigest('RSA_2048', rsa.material, 'RSA_PSS_SHA_256', digest)
      assert.equal(await verifyDigest('RSA_2048', rsaPub, 'RSA_PSS_SHA_256', digest, sig), true)
    }
    assert.deepEqual(cryptoPoolResidentStats(), { sent: 1, skipped: 2, resent: 0 })
    // Signing and decryption share the parsed key; a copy of the material names the same key.
    const ct = await asymmetricEncrypt('EC_SM2', sm2.publicKey as Buffer, 'SM2PKE', Buffer.from('hi'))
    await signDigest('EC_SM2', sm2.material, 'SM2DSA', digest)
    assert.deepEqual(await asymmetricDecrypt('EC_SM2', Buffer.from(sm2.material), 'SM2PKE', ct), Buffer.from('hi'))
    assert.deepEqual(cryptoPoolResidentStats(), { sent: 2, skipped: 3, resent: 0 })
    assert.equal(cryptoPoolMode(), 'workers')
  })

  it('caches parsed keys inline too', async () => {
    await configureCryptoPool({ inline: true })
    const ec = await generateKeyMaterial('EC_P256')
    for (let i = 0; i < 2; i++) {
      const sig = await signDigest('EC_P256', ec.material, 'ECDSA_SHA_256', digest)
      assert.equal(await verifyDigest('EC_P256', ec.publicKey as Buffer, 'ECDSA_SHA_256', digest, sig), true)
    }
    assert.equal(cryptoPoolMode(), 'inline')
    assert.deepEqual(cryptoPoolResidentStats(), { sent: 0, skipped: 0, resent: 0 })
  })
})
