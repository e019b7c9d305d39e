import assert from 'node:assert/strict'
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { p256 } from '@noble/curves/nist'
import { secp256k1 } from '@noble/curves/secp256k1'
import { shutdownCryptoPool, signDigest, verifyDigest } from './asymmetric.js'
import { CryptoError } from './crypto-error.js'
import { encodeDerSignature } from './ec-signature.js'
import { ecPkcs8FromScalar } from './ec-keys.js'
import { ecdsaPrivateKey } from './ecdsa.js'
import { generateKeyMaterial, publicKeyPem } from './keygen.js'
import { flipBit, withOpenssl } from '../../test/support/openssl.js'

type Pair = { material: Buffer; publicKey: Buffer }
const MSG = Buffer.from('openkms ECDSA test message')
const DIGEST = createHash('sha256').update(MSG).digest()
const OTHER_DIGEST = createHash('sha256').update('something else').digest()
const SPECS = [
  { spec: 'EC_P256', curve: p256 },
  { spec: 'EC_P256K', curve: secp256k1 },
] as const
const keys: Record<string, { a: Pair; b: Pair }> = {}

before(async () => {
  for (const { spec } of SPECS) {
    const [a, b] = (await Promise.all([generateKeyMaterial(spec), generateKeyMaterial(spec)])) as Pair[]
    keys[spec] = { a, b }
  }
})
after(() => shutdownCryptoPool())

const isReason = (r: string) => (e: unknown) => e instanceof CryptoError && e.reason === r
const hex32 = (n: bigint) => Buffer.from(n.toString(16).padStart(64, '0'), 'hex')

for (const { spec, curve } of SPECS) {
  describe(`ECDSA_SHA_256 on ${spec}`, () => {
    it('openssl verifies our DER signature over the digest', async () => {
      const { a } = keys[spec]
      const sig = await signDigest(spec, a.material, 'ECDSA_SHA_256', DIGEST)
      withOpenssl((dir) => {
        dir.put('pub.pem', publicKeyPem(a.publicKey))
        dir.put('digest', DIGEST)
        dir.put('sig', sig)
        const r = dir.run(['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-in', 'digest', '-sigfile', 'sig'])
        assert.ok(r.ok, r.stderr)
        dir.put('sig', flipBit(sig, sig.length - 1))
        assert.equal(dir.run(['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-in', 'digest', '-sigfile', 'sig']).ok, false)
      })
    })

    it('Node (OpenSSL) verifies ours over the message, and we verify Node’s, high-S ones included', async () => {
      const { a } = keys[spec]
      const pub = createPublicKey({ key: a.publicKey, format: 'der', type: 'spki' })
      const priv = createPrivateKey({ key: a.material, format: 'der', type: 'pkcs8' })
      const ours = await signDigest(spec, a.material, 'ECDSA_SHA_256', DIGEST)
      assert.ok(verify('sha256', MSG, pub, ours))
      for (let i = 0; i < 6; i++) {
        const theirs = sign('sha256', MSG, priv)
        assert.equal(await verifyDigest(spec, a.publicKey, 'ECDSA_SHA_256', DIGEST, theirs), true)
      }
      const compact = curve.Signature.fromDER(ours)
      const flippedS = encodeDerSignature(hex32(compact.r), hex32(curve.CURVE.n - compact.s))
      assert.ok(verify('sha256', MSG, pub, flippedS))
      assert.equal(await verifyDigest(spec, a.publicKey, 'ECDSA_SHA_256', DIGEST, flippedS), true)
    })

    it('fails for a flipped bit, the wrong digest, the wrong key and malformed or out-of-range DER', async () => {
      const { a, b } = keys[spec]
      const sig = await signDigest(spec, a.material, 'ECDSA_SHA_256', DIGEST)
      const v = (pub: Buffer, d: Buffer, s: Buffer) => verifyDigest(spec, pub, 'ECDSA_SHA_256', d, s)
      assert.equal(await v(a.publicKey, DIGEST, sig), true)
      assert.equal(await v(a.publicKey, DIGEST, flipBit(sig, 10)), false)
      assert.equal(await v(a.publicKey, OTHER_DIGEST, sig), false)
      assert.equal(await v(b.publicKey, DIGEST, sig), false)
      const { r, s } = curve.Signature.fromDER(sig)
      const n = curve.CURVE.n
      const der = (rr: Buffer, ss: Buffer) => encodeDerSignature(rr, ss)
      assert.equal(await v(a.publicKey, DIGEST, der(hex32(0n), hex32(s))), false)
      assert.equal(await v(a.publicKey, DIGEST, der(hex32(r), hex32(n))), false)
      assert.equal(await v(a.publicKey, DIGEST, der(hex32(r + n), hex32(s))), false)
      assert.equal(await v(a.publicKey, DIGEST, Buffer.concat([sig, Buffer.from([0])])), false)
      const longForm = Buffer.concat([Buffer.from([0x30, 0x81, sig[1]]), sig.subarray(2)])
      assert.equal(await v(a.publicKey, DIGEST, longForm), false)
      assert.equal(await v(a.publicKey, DIGEST, Buffer.concat([hex32(r), hex32(s)])), false)
      assert.equal(await v(a.publicKey, DIGEST, Buffer.alloc(0)), false)
    })

    it('rejects digests that are not 32 bytes, keys of another curve and garbage public keys', async () => {
      const { a } = keys[spec]
      const otherSpec = spec === 'EC_P256' ? 'EC_P256K' : 'EC_P256'
      await assert.rejects(signDigest(spec, a.material, 'ECDSA_SHA_256', DIGEST.subarray(1)), isReason('format'))
      await assert.rejects(signDigest(otherSpec, a.material, 'ECDSA_SHA_256', DIGEST), isReason('key'))
      await assert.rejects(verifyDigest(otherSpec, a.publicKey, 'ECDSA_SHA_256', DIGEST, Buffer.alloc(70)), isReason('key'))
      const offCurve = Buffer.from(a.publicKey)
      offCurve[offCurve.length - 1] ^= 1
      const sig = await signDigest(spec, a.material, 'ECDSA_SHA_256', DIGEST)
      await assert.rejects(verifyDigest(spec, offCurve, 'ECDSA_SHA_256', DIGEST, sig), isReason('key'))
      await assert.rejects(signDigest(spec, a.material, 'SM2DSA', DIGEST), isReason('unsupported'))
    })
  })
}

describe('ECDSA signing with parsed keys', () => {
  for (const { spec, curve } of SPECS) {
    it(`${spec}: hedged signatures, each with a fresh nonce, that @noble and Node verify${spec === 'EC_P256K' ? ', all low-S' : ''}`, async () => {
      const { a } = keys[spec]
      const pub = createPublicKey({ key: a.publicKey, format: 'der', type: 'spki' })
      const point = a.publicKey.subarray(a.publicKey.length - 65)
      const sigs = await Promise.all(Array.from({ length: 24 }, () => signDigest(spec, a.material, 'ECDSA_SHA_256', DIGEST)))
      for (const sig of sigs) {
        const { r, s } = curve.Signature.fromDER(sig)
        if (spec === 'EC_P256K') assert.ok(s <= curve.CURVE.n >> 1n, 'low S')
        assert.ok(curve.verify(Buffer.concat([hex32(r), hex32(s)]), DIGEST, point, { prehash: false, lowS: false, format: 'compact' }))
        assert.ok(verify('sha256', MSG, pub, sig))
      }
      assert.equal(new Set(sigs.map((sig) => sig.toString('hex'))).size, sigs.length)
    })
  }

  it('refuse a private scalar outside [1, n − 1]', () => {
    const point = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)])
    const pkcs8 = ecPkcs8FromScalar(hex32(p256.CURVE.n), point, 'P-256')
    assert.throws(() => ecdsaPrivateKey('P-256', pkcs8), isReason('key'))
  })
})
