/**
 * Checks a caller-supplied public key (ExportDataKey's `PublicKeyBlob`, SubjectPublicKeyInfo DER) against the key
 * spec the caller declared, before anything is encrypted to it: RSA type and modulus size, or the EC curve OID, an
 * uncompressed point, and OpenSSL's on-curve check when it decodes the point.
 */
import { createPublicKey } from 'node:crypto'
import type { KeySpec } from './key-specs.js'
import { RSA_BITS } from './algorithms.js'
import { CryptoError } from './crypto-error.js'
import { ecPointFromSpki, type EcCurve } from './ec-keys.js'
import { rsaPublicKey } from './rsa.js'

const EC_CURVE: Partial<Record<KeySpec, EcCurve>> = { EC_P256: 'P-256', EC_P256K: 'secp256k1', EC_SM2: 'SM2' }

/** Throws CryptoError('key') unless `spki` is a valid public key of `spec`; 'unsupported' for symmetric specs. */
export function assertPublicKeyOfSpec(spec: KeySpec, spki: Buffer): void {
  const bits = RSA_BITS[spec]
  if (bits) {
    rsaPublicKey(spki, bits)
    return
  }
  const curve = EC_CURVE[spec]
  if (!curve) throw new CryptoError('unsupported', `${spec} has no public key`)
  ecPointFromSpki(spki, curve)
  try {
    createPublicKey({ key: spki, format: 'der', type: 'spki' })
  } catch {
    throw new CryptoError('key', `the ${spec} public key is not a point on its curve`)
  }
}
