/**
 * Key material for every key spec (spec/kms-openapi.md §4.3). Symmetric material is raw random bytes; asymmetric
 * material is PKCS#8 DER with its SubjectPublicKeyInfo DER. All generation runs in libuv's thread pool.
 */
import { generateKeyPair } from 'node:crypto'
import type { KeySpec } from './key-specs.js'
import { ecScalarFromPkcs8 } from './ec-keys.js'
import { randomBytesAsync } from './random.js'
import { SM2_ORDER } from './sm2.js'

export interface KeyMaterial {
  /** Raw key bytes (symmetric) or PKCS#8 DER (asymmetric). */
  material: Buffer
  /** SubjectPublicKeyInfo DER for asymmetric specs, null for symmetric ones. */
  publicKey: Buffer | null
}

const SYMMETRIC_LENGTH: Partial<Record<KeySpec, number>> = {
  Aliyun_AES_256: 32,
  Aliyun_AES_128: 16,
  Aliyun_AES_192: 24,
  Aliyun_SM4: 16,
  // HMAC keys: as long as the digest (RFC 2104 §3 recommends at least that; longer adds nothing).
  HMAC_SM3: 32,
  HMAC_SHA_224: 28,
  HMAC_SHA_256: 32,
  HMAC_SHA_384: 48,
  HMAC_SHA_512: 64,
}

const RSA_MODULUS: Partial<Record<KeySpec, number>> = { RSA_2048: 2048, RSA_3072: 3072 }

/** OpenSSL curve names; OpenSSL writes SM2 keys with the SM2 curve OID, as GM/T 0010 and OpenSSL expect. */
const EC_CURVE: Partial<Record<KeySpec, string>> = { EC_P256: 'prime256v1', EC_P256K: 'secp256k1', EC_SM2: 'SM2' }

function rsaPair(modulusLength: number): Promise<KeyMaterial> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      {
        modulusLength,
        publicExponent: 0x10001,
        publicKeyEncoding: { type: 'spki', format: 'der' },
        privateKeyEncoding: { type: 'pkcs8', format: 'der' },
      },
      (err, publicKey, privateKey) => (err ? reject(err) : resolve({ material: privateKey, publicKey })),
    )
  })
}

function ecPair(namedCurve: string): Promise<KeyMaterial> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      'ec',
      {
        namedCurve,
        publicKeyEncoding: { type: 'spki', format: 'der' },
        privateKeyEncoding: { type: 'pkcs8', format: 'der' },
      },
      (err, publicKey, privateKey) => (err ? reject(err) : resolve({ material: privateKey, publicKey })),
    )
  })
}

/** SM2 signing needs 1 + d invertible mod n, so d = n − 1 (probability ≈ 2⁻²⁵⁶) is drawn again. */
async function sm2Pair(): Promise<KeyMaterial> {
  for (;;) {
    const pair = await ecPair('SM2')
    const d = ecScalarFromPkcs8(pair.material, 'SM2')
    const ok = BigInt(`0x${d.toString('hex')}`) < SM2_ORDER - 1n
    d.fill(0)
    if (ok) return pair
  }
}

/** Generates fresh material for `spec`; never blocks the event loop (RSA-3072 takes ≈0.5–2 s of a pool thread). */
export async function generateKeyMaterial(spec: KeySpec): Promise<{ material: Buffer; publicKey: Buffer | null }> {
  const symmetric = SYMMETRIC_LENGTH[spec]
  if (symmetric) return { material: await randomBytesAsync(symmetric), publicKey: null }
  const bits = RSA_MODULUS[spec]
  if (bits) return rsaPair(bits)
  if (spec === 'EC_SM2') return sm2Pair()
  const curve = EC_CURVE[spec]
  if (curve) return ecPair(curve)
  throw new RangeError(`unknown key spec ${String(spec)}`)
}

/** PEM "PUBLIC KEY" (RFC 7468 §13) of an SPKI DER, 64-character lines, trailing newline: GetPublicKey's format. */
export function publicKeyPem(spki: Buffer): string {
  const b64 = spki.toString('base64')
  const lines: string[] = []
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64))
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`
}
