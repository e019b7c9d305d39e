/**
 * Imports operator-supplied key material (seed files) into the same encodings key generation produces:
 * raw bytes for symmetric specs, PKCS#8 DER + SPKI DER for asymmetric ones. The PEM must really be of the
 * declared spec: an RSA-2048 PEM seeded as RSA_3072, or a P-256 key seeded as EC_SM2, is refused.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto'
import type { KeySpec } from './key-specs.js'
import { CryptoError } from './crypto-error.js'

const SYMMETRIC_BYTES: Partial<Record<KeySpec, number>> = { Aliyun_AES_256: 32, Aliyun_AES_128: 16, Aliyun_AES_192: 24, Aliyun_SM4: 16 }
const RSA_BITS: Partial<Record<KeySpec, number>> = { RSA_2048: 2048, RSA_3072: 3072 }
const EC_CURVES: Partial<Record<KeySpec, string>> = { EC_P256: 'prime256v1', EC_P256K: 'secp256k1', EC_SM2: 'SM2' }

export function importKeyMaterial(spec: KeySpec, encoded: string): { material: Buffer; publicKey: Buffer | null } {
  const symmetric = SYMMETRIC_BYTES[spec]
  if (symmetric !== undefined) {
    const raw = Buffer.from(encoded.trim(), 'base64')
    if (raw.length !== symmetric) throw new CryptoError('key', `${spec} material must be ${symmetric} bytes (base64), got ${raw.length}`)
    return { material: raw, publicKey: null }
  }
  let key
  try {
    key = createPrivateKey(encoded)
  } catch {
    throw new CryptoError('format', `${spec} material must be a PEM private key`)
  }
  const details = key.asymmetricKeyDetails ?? {}
  const bits = RSA_BITS[spec]
  if (bits !== undefined && (key.asymmetricKeyType !== 'rsa' || details.modulusLength !== bits))
    throw new CryptoError('key', `${spec} material must be an RSA-${bits} private key`)
  const curve = EC_CURVES[spec]
  if (curve !== undefined && (key.asymmetricKeyType !== 'ec' || details.namedCurve !== curve))
    throw new CryptoError('key', `${spec} material must be an EC private key on ${curve}`)
  return {
    material: key.export({ type: 'pkcs8', format: 'der' }),
    publicKey: createPublicKey(key).export({ type: 'spki', format: 'der' }),
  }
}
