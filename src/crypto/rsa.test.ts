import assert from 'node:assert/strict'
import { constants, createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { asymmetricDecrypt, asymmetricEncrypt, shutdownCryptoPool, signDigest, verifyDigest } from './asymmetric.js'
import { CryptoError } from './crypto-error.js'
import { generateKeyMaterial, publicKeyPem } from './keygen.js'
import { flipBit, privateKeyPem, withOpenssl } from '../../test/support/openssl.js'

type Pair = { material: Buffer; publicKey: Buffer }
const MSG = Buffer.from('openkms asymmetric test message')
const DIGEST = createHash('sha256').update(MSG).digest()
const OTHER_DIGEST = createHash('sha256').update('another message').digest()

let rsa2048: Pair
let rsa3072: Pair
let other2048: Pair

before(async () => {
  ;[rsa2048, rsa3072, other2048] = (await Promise.all([
    generateKeyMaterial('RSA_2048'),
    generateKeyMaterial('RSA_3072'),
    generateKeyMaterial('RSA_2048'),
  ])) as Pair[]
})
after(() => shutdownCryptoPool())

const isReason = (r: string) => (e: unknown) => e instanceof CryptoError && e.reason === r

describe('RSA signatures over a digest, checked by openssl', () => {
  for (const spec of ['RSA_2048', 'RSA_3072'] as const) {
    it(`${spec}: openssl verifies RSA_PSS_SHA_256 with salt length exactly 32`, async () => {
      const key = spec === 'RSA_2048' ? rsa2048 : rsa3072
      const sig = await signDigest(spec, key.material, 'RSA_PSS_SHA_256', DIGEST)
      assert.equal(sig.length, spec === 'RSA_2048' ? 256 : 384)
      withOpenssl((dir) => {
        dir.put('pub.pem', publicKeyPem(key.publicKey))
        dir.put('digest', DIGEST)
        const args = (s: Buffer) => {
          dir.put('sig', s)
          return ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-in', 'digest', '-sigfile', 'sig',
            '-pkeyopt', 'digest:sha256', '-pkeyopt', 'rsa_padding_mode:pss', '-pkeyopt', 'rsa_pss_saltlen:32',
            '-pkeyopt', 'rsa_mgf1_md:sha256']
        }
        const ok = dir.run(args(sig))
        assert.ok(ok.ok, ok.stderr)
        assert.match(ok.stdout, /Signature Verified Successfully/)
        assert.equal(dir.run(args(flipBit(sig, 100))).ok, false)
      })
    })

    it(`${spec}: openssl verifies RSA_PKCS1_SHA_256 (DigestInfo)`, async () => {
      const key = spec === 'RSA_2048' ? rsa2048 : rsa3072
      const sig = await signDigest(spec, key.material, 'RSA_PKCS1_SHA_256', DIGEST)
      withOpenssl((dir) => {
        dir.put('pub.pem', publicKeyPem(key.publicKey))
        dir.put('digest', DIGEST)
        dir.put('sig', sig)
        const r = dir.run(['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-in', 'digest', '-sigfile', 'sig',
          '-pkeyopt', 'digest:sha256'])
        assert.ok(r.ok, r.stderr)
      })
    })
  }

  it('PKCS#1 v1.5 signatures equal Node’s own sign() of the message (deterministic scheme)', async () => {
    const ours = await signDigest('RSA_2048', rsa2048.material, 'RSA_PKCS1_SHA_256', DIGEST)
    const node = sign('sha256', MSG, createPrivateKey({ key: rsa2048.material, format: 'der', type: 'pkcs8' }))
    assert.deepEqual(ours, node)
  })

  it('Node verifies our PSS signatures with saltLength 32 over the message', async () => {
    const sig = await signDigest('RSA_2048', rsa2048.material, 'RSA_PSS_SHA_256', DIGEST)
    const key = createPublicKey({ key: rsa2048.publicKey, format: 'der', type: 'spki' })
    assert.ok(verify('sha256', MSG, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig))
  })

  it('accepts PSS signatures made elsewhere with other salt lengths (0, 20, 32, max)', async () => {
    const key = createPrivateKey({ key: rsa2048.material, format: 'der', type: 'pkcs8' })
    for (const saltLength of [0, 20, 32, constants.RSA_PSS_SALTLEN_MAX_SIGN]) {
      const sig = sign('sha256', MSG, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength })
      assert.equal(await verifyDigest('RSA_2048', rsa2048.publicKey, 'RSA_PSS_SHA_256', DIGEST, sig), true, `salt ${saltLength}`)
    }
  })
})

describe('RSA signatures that must fail to verify', () => {
  for (const alg of ['RSA_PSS_SHA_256', 'RSA_PKCS1_SHA_256'] as const) {
    it(`${alg}: flipped bit, wrong digest, wrong key, wrong scheme, wrong length, value ≥ n`, async () => {
      const sig = await signDigest('RSA_2048', rsa2048.material, alg, DIGEST)
      const v = (pub: Buffer, d: Buffer, s: Buffer, a = alg) => verifyDigest('RSA_2048', pub, a, d, s)
      assert.equal(await v(rsa2048.publicKey, DIGEST, sig), true)
      assert.equal(await v(rsa2048.publicKey, DIGEST, flipBit(sig, 255, 0)), false)
      assert.equal(await v(rsa2048.publicKey, DIGEST, flipBit(sig, 0, 7)), false)
      assert.equal(await v(rsa2048.publicKey, OTHER_DIGEST, sig), false)
      assert.equal(await v(rsa2048.publicKey, flipBit(DIGEST, 31), sig), false)
      assert.equal(await v(other2048.publicKey, DIGEST, sig), false)
      const otherAlg = alg === 'RSA_PSS_SHA_256' ? 'RSA_PKCS1_SHA_256' : 'RSA_PSS_SHA_256'
      assert.equal(await v(rsa2048.publicKey, DIGEST, sig, otherAlg), false)
      assert.equal(await v(rsa2048.publicKey, DIGEST, sig.subarray(1)), false)
      assert.equal(await v(rsa2048.publicKey, DIGEST, Buffer.concat([Buffer.alloc(1), sig])), false)
      assert.equal(await v(rsa2048.publicKey, DIGEST, Buffer.alloc(256, 0xff)), false)
      assert.equal(await v(rsa2048.publicKey, DIGEST, Buffer.alloc(256)), false)
    })
  }

  it('rejects digests that are not 32 bytes and keys of the wrong size or kind', async () => {
    await assert.rejects(signDigest('RSA_2048', rsa2048.material, 'RSA_PSS_SHA_256', Buffer.alloc(31)), isReason('format'))
    await assert.rejects(signDigest('RSA_2048', rsa2048.material, 'RSA_PSS_SHA_256', MSG), isReason('format'))
    await assert.rejects(verifyDigest('RSA_2048', rsa2048.publicKey, 'RSA_PSS_SHA_256', Buffer.alloc(48), Buffer.alloc(256)), isReason('format'))
    await assert.rejects(signDigest('RSA_2048', rsa3072.material, 'RSA_PSS_SHA_256', DIGEST), isReason('key'))
    await assert.rejects(signDigest('RSA_2048', Buffer.from('not a key'), 'RSA_PSS_SHA_256', DIGEST), isReason('key'))
    await assert.rejects(verifyDigest('RSA_3072', rsa2048.publicKey, 'RSA_PSS_SHA_256', DIGEST, Buffer.alloc(384)), isReason('key'))
    await assert.rejects(signDigest('RSA_2048', rsa2048.material, 'ECDSA_SHA_256', DIGEST), isReason('unsupported'))
  })
})

describe('RSA-OAEP, interoperable with openssl', () => {
  const OPTS = {
    RSAES_OAEP_SHA_1: ['-pkeyopt', 'rsa_padding_mode:oaep'],
    RSAES_OAEP_SHA_256: ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256'],
  } as const

  for (const alg of ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] as const) {
    it(`${alg}: we decrypt what openssl encrypted with our public key`, async () => {
      const plaintext = Buffer.from(`secret for ${alg}`)
      const ct = withOpenssl((dir) => {
        dir.put('pub.pem', publicKeyPem(rsa2048.publicKey))
        dir.put('pt', plaintext)
        const r = dir.run(['pkeyutl', '-encrypt', '-pubin', '-inkey', 'pub.pem', '-in', 'pt', '-out', 'ct', ...OPTS[alg]])
        assert.ok(r.ok, r.stderr)
        return dir.read('ct')
      })
      assert.deepEqual(await asymmetricDecrypt('RSA_2048', rsa2048.material, alg, ct), plaintext)
    })

    it(`${alg}: openssl decrypts what we encrypted, up to the maximum plaintext size`, async () => {
      const max = alg === 'RSAES_OAEP_SHA_1' ? 214 : 190
      const plaintext = Buffer.alloc(max, 0x5a)
      const ct = await asymmetricEncrypt('RSA_2048', rsa2048.publicKey, alg, plaintext)
      assert.equal(ct.length, 256)
      withOpenssl((dir) => {
        dir.put('key.pem', privateKeyPem(rsa2048.material))
        dir.put('ct', ct)
        const r = dir.run(['pkeyutl', '-decrypt', '-inkey', 'key.pem', '-in', 'ct', '-out', 'pt', ...OPTS[alg]])
        assert.ok(r.ok, r.stderr)
        assert.deepEqual(dir.read('pt'), plaintext)
      })
      await assert.rejects(asymmetricEncrypt('RSA_2048', rsa2048.publicKey, alg, Buffer.alloc(max + 1)), isReason('format'))
    })
  }

  it('RSA_3072 round-trips at its 318-byte limit', async () => {
    const plaintext = Buffer.alloc(318, 1)
    const ct = await asymmetricEncrypt('RSA_3072', rsa3072.publicKey, 'RSAES_OAEP_SHA_256', plaintext)
    assert.deepEqual(await asymmetricDecrypt('RSA_3072', rsa3072.material, 'RSAES_OAEP_SHA_256', ct), plaintext)
  })

  it('tampered ciphertexts, the wrong hash and the wrong key fail with auth; bad lengths with format', async () => {
    const ct = await asymmetricEncrypt('RSA_2048', rsa2048.publicKey, 'RSAES_OAEP_SHA_256', Buffer.from('x'))
    await assert.rejects(asymmetricDecrypt('RSA_2048', rsa2048.material, 'RSAES_OAEP_SHA_256', flipBit(ct, 128)), isReason('auth'))
    await assert.rejects(asymmetricDecrypt('RSA_2048', rsa2048.material, 'RSAES_OAEP_SHA_1', ct), isReason('auth'))
    await assert.rejects(asymmetricDecrypt('RSA_2048', other2048.material, 'RSAES_OAEP_SHA_256', ct), isReason('auth'))
    await assert.rejects(asymmetricDecrypt('RSA_2048', rsa2048.material, 'RSAES_OAEP_SHA_256', ct.subarray(1)), isReason('format'))
    await assert.rejects(asymmetricDecrypt('RSA_2048', rsa2048.material, 'SM2PKE', ct), isReason('unsupported'))
  })
})
