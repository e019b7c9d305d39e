import assert from 'node:assert/strict'
import { createPrivateKey, createPublicKey } from 'node:crypto'
import { describe, it } from 'node:test'
import { sm2 } from 'sm-crypto-v2'
import { ecScalarFromPkcs8 } from './ec-keys.js'
import { generateKeyMaterial, publicKeyPem } from './keygen.js'
import { withOpenssl } from '../../test/support/openssl.js'

describe('generateKeyMaterial', () => {
  it('makes random symmetric keys of the spec’s length', async () => {
    const lengths = { Aliyun_AES_256: 32, Aliyun_AES_128: 16, Aliyun_AES_192: 24, Aliyun_SM4: 16 } as const
    for (const [spec, len] of Object.entries(lengths)) {
      const a = await generateKeyMaterial(spec as keyof typeof lengths)
      const b = await generateKeyMaterial(spec as keyof typeof lengths)
      assert.equal(a.material.length, len)
      assert.equal(a.publicKey, null)
      assert.notDeepEqual(a.material, b.material)
    }
  })

  it('makes PKCS#8 / SPKI pairs that Node parses as the promised key type', async () => {
    const expected = {
      RSA_2048: { type: 'rsa', modulusLength: 2048 },
      EC_P256: { type: 'ec', namedCurve: 'prime256v1' },
      EC_P256K: { type: 'ec', namedCurve: 'secp256k1' },
    } as const
    for (const [spec, want] of Object.entries(expected)) {
      const { material, publicKey } = await generateKeyMaterial(spec as keyof typeof expected)
      assert.ok(publicKey)
      const priv = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' })
      const pub = createPublicKey({ key: publicKey, format: 'der', type: 'spki' })
      assert.equal(priv.asymmetricKeyType, want.type)
      if ('modulusLength' in want) {
        assert.equal(priv.asymmetricKeyDetails?.modulusLength, want.modulusLength)
        assert.equal(priv.asymmetricKeyDetails?.publicExponent, 65537n)
      } else {
        assert.equal(priv.asymmetricKeyDetails?.namedCurve, want.namedCurve)
      }
      assert.deepEqual(createPublicKey(priv).export({ type: 'spki', format: 'der' }), pub.export({ type: 'spki', format: 'der' }))
    }
  })

  it('encodes SM2 public keys as 3059301306072a8648ce3d020106082a811ccf5501822d034200 ‖ 04‖x‖y = d·G', async () => {
    const { material, publicKey } = await generateKeyMaterial('EC_SM2')
    assert.ok(publicKey)
    assert.equal(publicKey.length, 91)
    assert.equal(publicKey.subarray(0, 26).toString('hex'), '3059301306072a8648ce3d020106082a811ccf5501822d034200')
    const d = ecScalarFromPkcs8(material, 'SM2').toString('hex')
    assert.equal(sm2.getPublicKeyFromPrivateKey(d), publicKey.subarray(26).toString('hex'))
  })

  it('keeps the event loop turning while an RSA-3072 key is generated', async () => {
    let ticks = 0
    const timer = setInterval(() => ticks++, 5)
    const started = performance.now()
    const { publicKey } = await generateKeyMaterial('RSA_3072')
    const elapsed = performance.now() - started
    clearInterval(timer)
    assert.equal(createPublicKey({ key: publicKey as Buffer, format: 'der', type: 'spki' }).asymmetricKeyDetails?.modulusLength, 3072)
    if (elapsed > 200) assert.ok(ticks >= 3, `${ticks} ticks in ${elapsed.toFixed(0)} ms`)
  })

  it('rejects an unknown spec', async () => {
    await assert.rejects(generateKeyMaterial('RSA_1024' as 'RSA_2048'), RangeError)
  })
})

describe('publicKeyPem', () => {
  it('writes 64-character lines with a trailing newline that openssl reads back to the same DER', async () => {
    const { publicKey } = await generateKeyMaterial('RSA_2048')
    assert.ok(publicKey)
    const pem = publicKeyPem(publicKey)
    const lines = pem.split('\n')
    assert.equal(lines[0], '-----BEGIN PUBLIC KEY-----')
    assert.equal(lines.at(-2), '-----END PUBLIC KEY-----')
    assert.equal(lines.at(-1), '')
    for (const line of lines.slice(1, -3)) assert.equal(line.length, 64)
    assert.ok(lines.at(-3)!.length > 0 && lines.at(-3)!.length <= 64)
    withOpenssl((dir) => {
      dir.put('pub.pem', pem)
      const r = dir.run(['pkey', '-pubin', '-in', 'pub.pem', '-outform', 'DER', '-out', 'pub.der'])
      assert.ok(r.ok, r.stderr)
      assert.deepEqual(dir.read('pub.der'), publicKey)
    })
  })
})
