import assert from 'node:assert/strict'
import { createCipheriv, randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { CryptoError } from './crypto-error.js'
import { gcmDecrypt, gcmEncrypt, type GcmAlgorithm } from './symmetric.js'

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex')

/** McGrew & Viega, "The Galois/Counter Mode of Operation", test cases 13–16 and 4, 10 (NIST GCM spec). */
const P60 = hex(`d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72
  1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39`)
const A20 = hex('feedfacedeadbeeffeedfacedeadbeefabaddad2')
const IV = hex('cafebabefacedbaddecaf888')
const AES_VECTORS = [
  { name: 'TC13 AES-256 empty', key: Buffer.alloc(32), iv: Buffer.alloc(12), p: Buffer.alloc(0), a: Buffer.alloc(0), c: Buffer.alloc(0), t: hex('530f8afbc74536b9a963b4f1c4cb738b') },
  { name: 'TC14 AES-256 one block', key: Buffer.alloc(32), iv: Buffer.alloc(12), p: Buffer.alloc(16), a: Buffer.alloc(0), c: hex('cea7403d4d606b6e074ec5d3baf39d18'), t: hex('d0d1c8a799996bf0265b98b5d48ab919') },
  {
    name: 'TC4 AES-128 with AAD',
    key: hex('feffe9928665731c6d6a8f9467308308'),
    iv: IV,
    p: P60,
    a: A20,
    c: hex(`42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e
      21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091`),
    t: hex('5bc94fbc3221a5db94fae95ae7121a47'),
  },
  {
    name: 'TC10 AES-192 with AAD',
    key: hex('feffe9928665731c6d6a8f9467308308feffe9928665731c'),
    iv: IV,
    p: P60,
    a: A20,
    c: hex(`3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c
      7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710`),
    t: hex('2519498e80f1478f37ba55bd6d27618c'),
  },
  {
    name: 'TC16 AES-256 with AAD',
    key: hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308'),
    iv: IV,
    p: P60,
    a: A20,
    c: hex(`522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa
      8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662`),
    t: hex('76fc6ece0f4e1768cddf8853bb2d551b'),
  },
]

/** RFC 8998 Appendix A.1 (SM4-GCM). */
const SM4_VECTOR = {
  key: hex('0123456789abcdeffedcba9876543210'),
  iv: hex('00001234567800000000abcd'),
  a: hex('feedfacedeadbeeffeedfacedeadbeefabaddad2'),
  p: hex(`aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd
    eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa`),
  c: hex(`17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735
    d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d`),
  t: hex('83de3541e4c2b58177e065a9bf7b62ec'),
}

function assertAuthFailure(f: () => unknown): void {
  assert.throws(f, (e: unknown) => e instanceof CryptoError && e.reason === 'auth')
}

describe('AES-GCM', () => {
  for (const v of AES_VECTORS) {
    it(`matches ${v.name}`, () => {
      const out = gcmEncrypt('AES_GCM', v.key, v.iv, v.p, v.a)
      assert.deepEqual(out.ciphertext, v.c)
      assert.deepEqual(out.tag, v.t)
      assert.deepEqual(gcmDecrypt('AES_GCM', v.key, v.iv, v.c, v.t, v.a), v.p)
    })
  }

  const v = AES_VECTORS[4]
  it('rejects a flipped tag bit, ciphertext bit, AAD bit, IV bit and a wrong key', () => {
    const flip = (b: Buffer, i: number) => Buffer.from(b.map((x, j) => (j === i ? x ^ 1 : x)))
    assertAuthFailure(() => gcmDecrypt('AES_GCM', v.key, v.iv, v.c, flip(v.t, 15), v.a))
    assertAuthFailure(() => gcmDecrypt('AES_GCM', v.key, v.iv, flip(v.c, 0), v.t, v.a))
    assertAuthFailure(() => gcmDecrypt('AES_GCM', v.key, v.iv, v.c, v.t, flip(v.a, 19)))
    assertAuthFailure(() => gcmDecrypt('AES_GCM', v.key, flip(v.iv, 11), v.c, v.t, v.a))
    assertAuthFailure(() => gcmDecrypt('AES_GCM', flip(v.key, 0), v.iv, v.c, v.t, v.a))
    assertAuthFailure(() => gcmDecrypt('AES_GCM', v.key, v.iv, v.c, v.t, Buffer.alloc(0)))
    assertAuthFailure(() => gcmDecrypt('AES_GCM', v.key, v.iv, v.c.subarray(0, 59), v.t, v.a))
  })

  it('rejects truncated tags, odd IVs and key sizes instead of accepting them', () => {
    const isReason = (r: string) => (e: unknown) => e instanceof CryptoError && e.reason === r
    assert.throws(() => gcmDecrypt('AES_GCM', v.key, v.iv, v.c, v.t.subarray(0, 12), v.a), isReason('format'))
    assert.throws(() => gcmDecrypt('AES_GCM', v.key, Buffer.alloc(16), v.c, v.t, v.a), isReason('format'))
    assert.throws(() => gcmEncrypt('AES_GCM', Buffer.alloc(20), v.iv, v.p, v.a), isReason('key'))
    assert.throws(() => gcmEncrypt('SM4_GCM', Buffer.alloc(32), v.iv, v.p, v.a), isReason('key'))
    assert.throws(() => gcmEncrypt('DES' as GcmAlgorithm, Buffer.alloc(16), v.iv, v.p, v.a), isReason('unsupported'))
  })
})

describe('SM4-GCM (sm-crypto-v2)', () => {
  it('matches the RFC 8998 A.1 vector', () => {
    const out = gcmEncrypt('SM4_GCM', SM4_VECTOR.key, SM4_VECTOR.iv, SM4_VECTOR.p, SM4_VECTOR.a)
    assert.deepEqual(out.ciphertext, SM4_VECTOR.c)
    assert.deepEqual(out.tag, SM4_VECTOR.t)
    assert.deepEqual(gcmDecrypt('SM4_GCM', SM4_VECTOR.key, SM4_VECTOR.iv, SM4_VECTOR.c, SM4_VECTOR.t, SM4_VECTOR.a), SM4_VECTOR.p)
  })

  it('produces the same keystream as OpenSSL SM4-CTR started at counter 2 (SP 800-38D §7.1)', () => {
    for (const len of [1, 16, 33, 200]) {
      const key = randomBytes(16)
      const iv = randomBytes(12)
      const p = randomBytes(len)
      const ctr = createCipheriv('sm4-ctr', key, Buffer.concat([iv, Buffer.from([0, 0, 0, 2])]))
      const expected = Buffer.concat([ctr.update(p), ctr.final()])
      assert.deepEqual(gcmEncrypt('SM4_GCM', key, iv, p, Buffer.alloc(0)).ciphertext, expected)
    }
  })

  it('rejects tampering and the wrong AAD', () => {
    const { key, iv, a, c, t } = SM4_VECTOR
    assertAuthFailure(() => gcmDecrypt('SM4_GCM', key, iv, c, Buffer.from(t.map((x, i) => (i === 0 ? x ^ 0x80 : x))), a))
    assertAuthFailure(() => gcmDecrypt('SM4_GCM', key, iv, Buffer.from(c.map((x, i) => (i === 63 ? x ^ 1 : x))), t, a))
    assertAuthFailure(() => gcmDecrypt('SM4_GCM', key, iv, c, t, Buffer.alloc(0)))
  })

  it('round-trips empty and large plaintexts in both algorithms', () => {
    for (const alg of ['AES_GCM', 'SM4_GCM'] as const) {
      for (const len of [0, 1, 6144]) {
        const key = randomBytes(16)
        const iv = randomBytes(12)
        const p = randomBytes(len)
        const aad = randomBytes(7)
        const { ciphertext, tag } = gcmEncrypt(alg, key, iv, p, aad)
        assert.deepEqual(gcmDecrypt(alg, key, iv, ciphertext, tag, aad), p)
      }
    }
  })
})
