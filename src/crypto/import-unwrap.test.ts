import assert from 'node:assert/strict'
import { constants, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { decodePkcs1v15, unwrapImportedMaterial, type ImportWrappingAlgorithm } from './import-unwrap.js'
import { CryptoError } from './crypto-error.js'
import { flipBit, withOpenssl } from '../../test/support/openssl.js'

const pair = () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    pem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    publicKey,
    pkcs8: privateKey.export({ type: 'pkcs8', format: 'der' }) as Buffer,
  }
}
const wrapping = pair()
const other = pair()

const OPENSSL_OPTS: Record<ImportWrappingAlgorithm, string[]> = {
  RSAES_OAEP_SHA_256: ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256'],
  RSAES_OAEP_SHA_1: ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha1'],
  RSAES_PKCS1_V1_5: ['-pkeyopt', 'rsa_padding_mode:pkcs1'],
}

/** Wraps `material` the way a user following docs/byok.md does: `openssl pkeyutl -encrypt -pubin`. */
function opensslWrap(algorithm: ImportWrappingAlgorithm, material: Buffer, pem = wrapping.pem): Buffer {
  return withOpenssl((dir) => {
    dir.put('pub.pem', pem)
    dir.put('material', material)
    const r = dir.run(['pkeyutl', '-encrypt', '-pubin', '-inkey', 'pub.pem', '-in', 'material', '-out', 'wrapped', ...OPENSSL_OPTS[algorithm]])
    assert.ok(r.ok, r.stderr)
    return dir.read('wrapped')
  })
}

const refused = (e: unknown) => e instanceof CryptoError && e.reason === 'auth'

/** A raw RSA block (no padding applied by OpenSSL), for hand-made PKCS#1 v1.5 layouts. */
const rawBlock = (em: Buffer) => publicEncrypt({ key: wrapping.publicKey, padding: constants.RSA_NO_PADDING }, em)

describe('unwrapping material wrapped by openssl', () => {
  for (const algorithm of ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5'] as const) {
    it(`${algorithm}: opens 32- and 16-byte material, refuses tampering, another key and the wrong size`, () => {
      for (const size of [32, 16, 24]) {
        const material = randomBytes(size)
        const wrapped = opensslWrap(algorithm, material)
        assert.deepEqual(unwrapImportedMaterial(wrapping.pkcs8, algorithm, wrapped, size), material)
        assert.throws(() => unwrapImportedMaterial(wrapping.pkcs8, algorithm, wrapped, size === 32 ? 16 : 32), refused)
      }
      const wrapped = opensslWrap(algorithm, randomBytes(32))
      assert.throws(() => unwrapImportedMaterial(wrapping.pkcs8, algorithm, flipBit(wrapped, 100, 3), 32), refused)
      assert.throws(() => unwrapImportedMaterial(other.pkcs8, algorithm, wrapped, 32), refused)
      assert.throws(() => unwrapImportedMaterial(wrapping.pkcs8, algorithm, wrapped.subarray(1), 32), refused)
      assert.throws(() => unwrapImportedMaterial(wrapping.pkcs8, algorithm, Buffer.alloc(256, 0xff), 32), refused)
    })
  }

  it('does not open OAEP-SHA-1 material as OAEP-SHA-256 (nor OAEP as PKCS#1 v1.5)', () => {
    const sha1 = opensslWrap('RSAES_OAEP_SHA_1', randomBytes(32))
    assert.throws(() => unwrapImportedMaterial(wrapping.pkcs8, 'RSAES_OAEP_SHA_256', sha1, 32), refused)
    assert.throws(() => unwrapImportedMaterial(wrapping.pkcs8, 'RSAES_PKCS1_V1_5', sha1, 32), refused)
  })

  it('refuses an unusable private key as a key error, not an auth error', () => {
    assert.throws(
      () => unwrapImportedMaterial(Buffer.from('not a key'), 'RSAES_OAEP_SHA_256', Buffer.alloc(256), 32),
      (e: unknown) => e instanceof CryptoError && e.reason === 'key',
    )
  })
})

describe('EME-PKCS1-v1_5 decoding (RFC 8017 §7.2.2)', () => {
  const block = (ps: Buffer, message: Buffer, head = [0x00, 0x02]) => Buffer.concat([Buffer.from(head), ps, Buffer.from([0]), message])
  const nonZero = (n: number) => Buffer.alloc(n, 0x5a)
  const message = randomBytes(32)

  it('accepts a well-formed block with exactly the expected message size', () => {
    const em = block(nonZero(256 - 3 - 32), message)
    assert.deepEqual(decodePkcs1v15(em, 32), message)
    assert.deepEqual(unwrapImportedMaterial(wrapping.pkcs8, 'RSAES_PKCS1_V1_5', rawBlock(em), 32), message)
  })

  it('refuses a wrong header, a missing separator, a short padding string and a wrong message size', () => {
    assert.throws(() => decodePkcs1v15(block(nonZero(256 - 3 - 32), message, [0x00, 0x01]), 32), refused)
    assert.throws(() => decodePkcs1v15(block(nonZero(256 - 3 - 32), message, [0x01, 0x02]), 32), refused)
    assert.throws(() => decodePkcs1v15(Buffer.concat([Buffer.from([0, 2]), nonZero(254)]), 32), refused)
    const shortPs = Buffer.concat([Buffer.from([0, 2]), nonZero(7), Buffer.from([0]), randomBytes(246)])
    assert.throws(() => decodePkcs1v15(shortPs, 246), refused)
    assert.throws(() => decodePkcs1v15(block(nonZero(256 - 3 - 33), randomBytes(33)), 32), refused)
    assert.throws(() => unwrapImportedMaterial(wrapping.pkcs8, 'RSAES_PKCS1_V1_5', rawBlock(shortPs), 246), refused)
  })

  it('takes the first zero byte as the separator, as the RFC says', () => {
    const em = Buffer.concat([Buffer.from([0, 2]), nonZero(200), Buffer.from([0]), Buffer.alloc(21, 0), Buffer.from([0]), randomBytes(31)])
    assert.equal(em.length, 256)
    assert.deepEqual(decodePkcs1v15(em, 53), em.subarray(203))
    assert.throws(() => decodePkcs1v15(em, 31), refused)
  })
})
