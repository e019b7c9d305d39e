/**
 * ECDSA_SHA_256 for EC_P256 (prime256v1) and EC_P256K (secp256k1) over a caller-supplied 32-byte digest
 * (spec/kms-openapi.md §4.4). Node can only sign what it hashes itself, so the math comes from @noble/curves with
 * `prehash: false`; signatures are DER (X9.62 / RFC 3279), hedged (RFC 6979 plus fresh randomness). A parsed key
 * (the scalar) is what the worker threads keep between signatures (private-key-cache.ts).
 */
import { p256 } from '@noble/curves/nist'
import { secp256k1 } from '@noble/curves/secp256k1'
import { CryptoError } from './crypto-error.js'
import { decodeDerSignature, encodeDerSignature } from './ec-signature.js'
import { ecPointFromSpki, ecScalarFromPkcs8 } from './ec-keys.js'

export type EcdsaCurve = 'P-256' | 'secp256k1'

const IMPL = { 'P-256': p256, secp256k1 } as const

/** A parsed private key, kept by the worker threads between signatures. */
export interface EcdsaPrivateKey {
  readonly curve: EcdsaCurve
  /** The private scalar, 32 bytes. */
  readonly d: Uint8Array
}

/** Loads the scalar of a PKCS#8 DER on `curve`, checking 1 ≤ d < n. */
export function ecdsaPrivateKey(curve: EcdsaCurve, material: Buffer): EcdsaPrivateKey {
  const d = ecScalarFromPkcs8(material, curve)
  if (!IMPL[curve].utils.isValidPrivateKey(d)) {
    d.fill(0)
    throw new CryptoError('key', `${curve} private scalar out of range`)
  }
  return { curve, d }
}

/** Signs the digest with a parsed key; secp256k1 signatures are normalised to low-S (BIP 62), which every verifier accepts. */
export function ecdsaSign(key: EcdsaPrivateKey, digest: Buffer): Buffer {
  let sig
  try {
    sig = IMPL[key.curve].sign(digest, key.d, { prehash: false, lowS: key.curve === 'secp256k1', extraEntropy: true })
  } catch (e) {
    throw new CryptoError('key', `ECDSA signing failed: ${(e as Error).message}`)
  }
  const compact = Buffer.from(sig.toCompactRawBytes())
  return encodeDerSignature(compact.subarray(0, 32), compact.subarray(32))
}

/** Signs the digest with PKCS#8 DER key material. */
export function ecdsaSignDigest(curve: EcdsaCurve, material: Buffer, digest: Buffer): Buffer {
  const key = ecdsaPrivateKey(curve, material)
  try {
    return ecdsaSign(key, digest)
  } finally {
    key.d.fill(0)
  }
}

/** Verifies a DER signature; high-S signatures are accepted (X9.62 has no low-S rule), malformed ones are false. */
export function ecdsaVerifyDigest(curve: EcdsaCurve, spki: Buffer, digest: Buffer, signature: Buffer): boolean {
  const impl = IMPL[curve]
  const point = ecPointFromSpki(spki, curve)
  try {
    impl.ProjectivePoint.fromHex(point).assertValidity()
  } catch (e) {
    throw new CryptoError('key', `invalid ${curve} public key: ${(e as Error).message}`)
  }
  const rs = decodeDerSignature(signature, impl.CURVE.n)
  if (!rs) return false
  return impl.verify(Buffer.concat([rs.r, rs.s]), digest, point, { prehash: false, lowS: false, format: 'compact' })
}
