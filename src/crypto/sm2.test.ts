import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sm2 } from 'sm-crypto-v2'
import { asymmetricDecrypt, asymmetricEncrypt, shutdownCryptoPool, signDigest, verifyDigest } from './asymmetric.js'
import { CryptoError } from './crypto-error.js'
import { TAG, encodeSequence, encodeTlv, encodeUnsignedInteger, readChildren, readOnly } from './der.js'
import { encodeDerSignature } from './ec-signature.js'
import { ecPointFromSpki, ecPkcs8FromScalar, ecSpkiFromPoint } from './ec-keys.js'
import { generateKeyMaterial, publicKeyPem } from './keygen.js'
import { flipBit, privateKeyPem, withOpenssl } from '../../test/support/openssl.js'
import { sm2MessageDigest } from './sm2.js'

type Pair = { material: Buffer; publicKey: Buffer }
const hex = (s: string) => Buffer.from(s, 'hex')
const DISTID = ['-pkeyopt', 'distid:1234567812345678']

/** GB/T 32918.2-2016 Annex A example on the recommended curve: "message digest", ID 1234567812345678. */
const GBT = {
  d: hex('3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8'),
  x: hex('09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020'),
  y: hex('CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13'),
  msg: Buffer.from('message digest'),
  e: hex('F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640'),
  k: '59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21',
  r: hex('F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3'),
  s: hex('B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA'),
}
const gbtPoint = Buffer.concat([Buffer.from([4]), GBT.x, GBT.y])
const gbtSpki = ecSpkiFromPoint(gbtPoint, 'SM2')

let a: Pair
let b: Pair
before(async () => {
  ;[a, b] = (await Promise.all([generateKeyMaterial('EC_SM2'), generateKeyMaterial('EC_SM2')])) as Pair[]
})
after(() => shutdownCryptoPool())

const isReason = (r: string) => (e: unknown) => e instanceof CryptoError && e.reason === r

describe('SM2DSA', () => {
  it('computes e = SM3(Z_A ‖ M) and verifies the GB/T 32918.2 example signature', async () => {
    assert.deepEqual(sm2MessageDigest(gbtSpki, GBT.msg), GBT.e)
    const sig = encodeDerSignature(GBT.r, GBT.s)
    assert.equal(await verifyDigest('EC_SM2', gbtSpki, 'SM2DSA', GBT.e, sig), true)
    assert.equal(await verifyDigest('EC_SM2', gbtSpki, 'SM2DSA', GBT.e, encodeDerSignature(GBT.r, flipBit(GBT.s, 31))), false)
    assert.equal(await verifyDigest('EC_SM2', gbtSpki, 'SM2DSA', flipBit(GBT.e, 0), sig), false)
  })

  it('the signing primitive reproduces the example’s r and s for the example’s k', () => {
    const kPoint = sm2.getPublicKeyFromPrivateKey(GBT.k.toLowerCase())
    const x1 = BigInt(`0x${kPoint.slice(2, 66)}`)
    const rs = sm2.doSignature(GBT.e, GBT.d.toString('hex'), { hash: false, pointPool: [{ k: BigInt(`0x${GBT.k}`), x1 }] })
    assert.equal(rs, Buffer.concat([GBT.r, GBT.s]).toString('hex'))
  })

  it('sm-crypto-v2 verifies our signatures (made through the worker cache), each with a fresh nonce', async () => {
    const e = sm2MessageDigest(a.publicKey, Buffer.from('nonce'))
    const sigs = await Promise.all(Array.from({ length: 8 }, () => signDigest('EC_SM2', a.material, 'SM2DSA', e)))
    const pub = ecPointFromSpki(a.publicKey, 'SM2').toString('hex')
    for (const sig of sigs) assert.ok(sm2.doVerifySignature(e, sig.toString('hex'), pub, { der: true }))
    assert.equal(new Set(sigs.map((sig) => sig.toString('hex'))).size, sigs.length)
  })

  it('openssl verifies the example signature with our SPKI encoding and distid', () => {
    withOpenssl((dir) => {
      dir.put('pub.pem', publicKeyPem(gbtSpki))
      dir.put('msg', GBT.msg)
      dir.put('sig', encodeDerSignature(GBT.r, GBT.s))
      const r = dir.run(['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'msg', '-sigfile', 'sig', '-digest', 'sm3', ...DISTID])
      assert.ok(r.ok, r.stderr)
    })
  })

  it('openssl verifies our signatures over M (pkeyutl -rawin -digest sm3 with distid)', async () => {
    const msg = Buffer.from('openkms SM2 signing test')
    const e = sm2MessageDigest(a.publicKey, msg)
    for (let i = 0; i < 3; i++) {
      const sig = await signDigest('EC_SM2', a.material, 'SM2DSA', e)
      withOpenssl((dir) => {
        dir.put('pub.pem', publicKeyPem(a.publicKey))
        dir.put('msg', msg)
        const args = ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'msg', '-sigfile', 'sig', '-digest', 'sm3', ...DISTID]
        dir.put('sig', sig)
        const r = dir.run(args)
        assert.ok(r.ok, r.stderr)
        dir.put('sig', flipBit(sig, 12))
        assert.equal(dir.run(args).ok, false)
      })
    }
  })

  it('verifies signatures openssl made with our private key', async () => {
    const msg = Buffer.from('signed by openssl')
    const sig = withOpenssl((dir) => {
      dir.put('key.pem', privateKeyPem(a.material))
      dir.put('msg', msg)
      const r = dir.run(['pkeyutl', '-sign', '-inkey', 'key.pem', '-rawin', '-in', 'msg', '-digest', 'sm3', ...DISTID, '-out', 'sig'])
      assert.ok(r.ok, r.stderr)
      return dir.read('sig')
    })
    const e = sm2MessageDigest(a.publicKey, msg)
    assert.equal(await verifyDigest('EC_SM2', a.publicKey, 'SM2DSA', e, sig), true)
    assert.equal(await verifyDigest('EC_SM2', b.publicKey, 'SM2DSA', e, sig), false)
    assert.equal(await verifyDigest('EC_SM2', a.publicKey, 'SM2DSA', sm2MessageDigest(a.publicKey, msg, 'ALICE123@YAHOO.COM'), sig), false)
  })

  it('rejects malformed signatures, off-curve public keys and wrong digest sizes', async () => {
    const e = sm2MessageDigest(a.publicKey, Buffer.from('m'))
    const sig = await signDigest('EC_SM2', a.material, 'SM2DSA', e)
    assert.equal(await verifyDigest('EC_SM2', a.publicKey, 'SM2DSA', e, Buffer.concat([sig, Buffer.from([0])])), false)
    assert.equal(await verifyDigest('EC_SM2', a.publicKey, 'SM2DSA', e, encodeDerSignature(Buffer.alloc(32), Buffer.alloc(32, 1))), false)
    assert.equal(await verifyDigest('EC_SM2', a.publicKey, 'SM2DSA', e, Buffer.alloc(64, 1)), false)
    const offCurve = flipBit(a.publicKey, a.publicKey.length - 1)
    await assert.rejects(verifyDigest('EC_SM2', offCurve, 'SM2DSA', e, sig), isReason('key'))
    await assert.rejects(signDigest('EC_SM2', a.material, 'SM2DSA', Buffer.alloc(20)), isReason('format'))
    await assert.rejects(signDigest('EC_SM2', a.material, 'ECDSA_SHA_256', e), isReason('unsupported'))
  })
})

describe('SM2PKE', () => {
  it('we decrypt what openssl encrypted with our public key', async () => {
    for (const len of [1, 32, 1000]) {
      const plaintext = Buffer.alloc(len, len & 0xff)
      const ct = withOpenssl((dir) => {
        dir.put('pub.pem', publicKeyPem(a.publicKey))
        dir.put('pt', plaintext)
        const r = dir.run(['pkeyutl', '-encrypt', '-pubin', '-inkey', 'pub.pem', '-in', 'pt', '-out', 'ct'])
        assert.ok(r.ok, r.stderr)
        return dir.read('ct')
      })
      assert.deepEqual(await asymmetricDecrypt('EC_SM2', a.material, 'SM2PKE', ct), plaintext)
    }
  })

  it('openssl decrypts what we encrypted (several runs cover coordinates with the top bit set)', async () => {
    for (let i = 0; i < 6; i++) {
      const plaintext = Buffer.from(`openkms SM2 ciphertext #${i}`)
      const ct = await asymmetricEncrypt('EC_SM2', a.publicKey, 'SM2PKE', plaintext)
      withOpenssl((dir) => {
        dir.put('key.pem', privateKeyPem(a.material))
        dir.put('ct', ct)
        const r = dir.run(['pkeyutl', '-decrypt', '-inkey', 'key.pem', '-in', 'ct', '-out', 'pt'])
        assert.ok(r.ok, r.stderr)
        assert.deepEqual(dir.read('pt'), plaintext)
      })
    }
  })

  it('round-trips at the 6047-byte limit and refuses 0 or 6048 bytes', async () => {
    const max = Buffer.alloc(6047, 7)
    const ct = await asymmetricEncrypt('EC_SM2', a.publicKey, 'SM2PKE', max)
    // Alibaba's 6144 is C1(65) ‖ C3(32) ‖ C2 raw; the ASN.1 form adds at most 16 bytes of DER headers.
    assert.ok(ct.length <= 6144 + 16, `ciphertext ${ct.length} bytes`)
    assert.deepEqual(await asymmetricDecrypt('EC_SM2', a.material, 'SM2PKE', ct), max)
    await assert.rejects(asymmetricEncrypt('EC_SM2', a.publicKey, 'SM2PKE', Buffer.alloc(6048)), isReason('format'))
    await assert.rejects(asymmetricEncrypt('EC_SM2', a.publicKey, 'SM2PKE', Buffer.alloc(0)), isReason('format'))
  })

  it('tampered C3/C2, the wrong key, an off-curve C1 and bad DER all fail', async () => {
    const ct = await asymmetricEncrypt('EC_SM2', a.publicKey, 'SM2PKE', Buffer.from('attack at dawn'))
    const [x, y, c3, c2] = readChildren(readOnly(ct, TAG.SEQUENCE))
    const rebuild = (xx: Buffer, yy: Buffer, h: Buffer, c: Buffer) =>
      encodeSequence(encodeUnsignedInteger(xx), encodeUnsignedInteger(yy), encodeTlv(TAG.OCTET_STRING, h), encodeTlv(TAG.OCTET_STRING, c))
    const mag = (v: Buffer) => (v[0] === 0 ? v.subarray(1) : v)
    const dec = (c: Buffer, key = a.material) => asymmetricDecrypt('EC_SM2', key, 'SM2PKE', c)
    await assert.rejects(dec(rebuild(mag(x.value), mag(y.value), flipBit(c3.value, 0), c2.value)), isReason('auth'))
    await assert.rejects(dec(rebuild(mag(x.value), mag(y.value), c3.value, flipBit(c2.value, 3))), isReason('auth'))
    await assert.rejects(dec(ct, b.material), isReason('auth'))
    await assert.rejects(dec(rebuild(mag(x.value), flipBit(mag(y.value), mag(y.value).length - 1), c3.value, c2.value)), isReason('format'))
    await assert.rejects(dec(rebuild(mag(x.value), mag(y.value), c3.value.subarray(1), c2.value)), isReason('format'))
    await assert.rejects(dec(Buffer.concat([ct, Buffer.from([0])])), isReason('format'))
    await assert.rejects(dec(ct.subarray(0, ct.length - 1)), isReason('format'))
    await assert.rejects(dec(Buffer.from('garbage')), isReason('format'))
  })

  it('keys built from the example scalar load in openssl', () => {
    withOpenssl((dir) => {
      dir.put('key.pem', privateKeyPem(ecPkcs8FromScalar(GBT.d, gbtPoint, 'SM2')))
      const r = dir.run(['pkey', '-in', 'key.pem', '-pubout', '-outform', 'DER', '-out', 'pub.der'])
      assert.ok(r.ok, r.stderr)
      assert.deepEqual(dir.read('pub.der'), gbtSpki)
    })
  })
})
