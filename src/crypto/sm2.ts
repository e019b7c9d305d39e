/**
 * SM2 for EC_SM2 keys (GB/T 32918, GM/T 0003/0009) through sm-crypto-v2, since Node's OpenSSL build cannot sign
 * with the standard distinguishing ID and has no SM2 encryption (reference/libraries.md).
 * - SM2DSA signs e = SM3(Z_A ‖ M) that the caller computed (ID `1234567812345678`); signatures are DER (r, s).
 *   A parsed key is what the worker threads keep between operations (private-key-cache.ts).
 * - SM2PKE ciphertexts are the ASN.1 C1C3C2 form OpenSSL's `pkeyutl -encrypt` reads and writes.
 * DER is encoded and parsed here (not by the library) so hostile inputs meet the strict parser in der.ts, and C1
 * goes through the library's on-curve check.
 */
import { createHash } from 'node:crypto'
import { sm2 } from 'sm-crypto-v2'
import { CryptoError } from './crypto-error.js'
import { TAG, encodeSequence, encodeTlv, encodeUnsignedInteger, fixedLength, integerMagnitude, readChildren, readOnly } from './der.js'
import { decodeDerSignature, encodeDerSignature } from './ec-signature.js'
import { ecPointFromSpki, ecScalarFromPkcs8 } from './ec-keys.js'

/** Order n of the SM2 recommended curve (GB/T 32918.5). */
export const SM2_ORDER = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123')

/** The default distinguishing ID of GB/T 35276 and OpenSSL's `distid`. */
export const SM2_DEFAULT_ID = '1234567812345678'

/** A parsed private key, kept by the worker threads between operations. */
export interface Sm2PrivateKey {
  /** The private scalar d as 64 hex digits, the form sm-crypto-v2 takes. */
  readonly hex: string
}

/** Loads the scalar of a PKCS#8 DER, rejecting d = n − 1 (GB/T 32918.1 §6.1 needs 1 + d invertible). */
export function sm2PrivateKey(material: Buffer): Sm2PrivateKey {
  const d = ecScalarFromPkcs8(material, 'SM2')
  const hex = d.toString('hex')
  d.fill(0)
  const value = BigInt(`0x${hex}`)
  if (value === 0n || value >= SM2_ORDER - 1n) throw new CryptoError('key', 'SM2 private scalar out of range')
  return { hex }
}

function publicHex(spki: Buffer): string {
  return ecPointFromSpki(spki, 'SM2').toString('hex')
}

/** e = SM3(Z_A ‖ M) (GB/T 32918.2 §6.1): what callers must pass to sign a message M with SM2DSA. */
export function sm2MessageDigest(spki: Buffer, message: Buffer, userId = SM2_DEFAULT_ID): Buffer {
  const z = sm2.getZ(publicHex(spki), userId)
  return createHash('sm3').update(z).update(message).digest()
}

/** Signs e (32 bytes) with a parsed key and returns DER (r, s). */
export function sm2Sign(key: Sm2PrivateKey, digest: Buffer): Buffer {
  const rs = sm2.doSignature(digest, key.hex, { hash: false, der: false })
  const raw = Buffer.from(rs, 'hex')
  return encodeDerSignature(raw.subarray(0, 32), raw.subarray(32))
}

/** Signs e (32 bytes) with PKCS#8 DER key material and returns DER (r, s). */
export function sm2SignDigest(material: Buffer, digest: Buffer): Buffer {
  return sm2Sign(sm2PrivateKey(material), digest)
}

/** Verifies a DER signature over e; anything malformed is false. */
export function sm2VerifyDigest(spki: Buffer, digest: Buffer, signature: Buffer): boolean {
  const pub = publicHex(spki)
  const rs = decodeDerSignature(signature, SM2_ORDER)
  if (!rs) return false
  try {
    return sm2.doVerifySignature(digest, rs.r.toString('hex') + rs.s.toString('hex'), pub, { hash: false, der: false })
  } catch (e) {
    throw new CryptoError('key', `invalid SM2 public key: ${(e as Error).message}`)
  }
}

/** SM2 public-key encryption; returns DER `SEQUENCE { x, y, C3 OCTET STRING(32), C2 OCTET STRING }`. */
export function sm2Encrypt(spki: Buffer, plaintext: Buffer): Buffer {
  if (plaintext.length === 0) throw new CryptoError('format', 'SM2 plaintext must not be empty')
  let raw: Buffer
  try {
    raw = Buffer.from(sm2.doEncrypt(plaintext, publicHex(spki), 1), 'hex')
  } catch (e) {
    if (e instanceof CryptoError) throw e
    throw new CryptoError('key', `invalid SM2 public key: ${(e as Error).message}`)
  }
  return encodeSequence(
    encodeUnsignedInteger(raw.subarray(0, 32)),
    encodeUnsignedInteger(raw.subarray(32, 64)),
    encodeTlv(TAG.OCTET_STRING, raw.subarray(64, 96)),
    encodeTlv(TAG.OCTET_STRING, raw.subarray(96)),
  )
}

/** Decrypts the ASN.1 form; a C1 off the curve is 'format', a C3 mismatch (wrong key, tampering) is 'auth'. */
export function sm2Decrypt(material: Buffer, ciphertext: Buffer): Buffer {
  return sm2DecryptWith(sm2PrivateKey(material), ciphertext)
}

/** `sm2Decrypt` with a parsed key. */
export function sm2DecryptWith(key: Sm2PrivateKey, ciphertext: Buffer): Buffer {
  const d = key.hex
  const parts = readChildren(readOnly(ciphertext, TAG.SEQUENCE))
  if (parts.length !== 4 || parts[2].tag !== TAG.OCTET_STRING || parts[3].tag !== TAG.OCTET_STRING) {
    throw new CryptoError('format', 'SM2 ciphertext must be SEQUENCE { x, y, C3, C2 }')
  }
  const x = fixedLength(integerMagnitude(parts[0]), 32)
  const y = fixedLength(integerMagnitude(parts[1]), 32)
  const c3 = parts[2].value
  const c2 = parts[3].value
  if (c3.length !== 32) throw new CryptoError('format', 'SM2 C3 must be 32 bytes')
  if (c2.length === 0) throw new CryptoError('format', 'SM2 C2 must not be empty')
  const hex = Buffer.concat([x, y, c3, c2]).toString('hex')
  let out: Uint8Array
  try {
    out = sm2.doDecrypt(hex, d, 1, { output: 'array' })
  } catch (e) {
    throw new CryptoError('format', `SM2 C1 is not a valid point: ${(e as Error).message}`)
  }
  if (out.length !== c2.length) throw new CryptoError('auth', 'SM2 decryption failed')
  return Buffer.from(out)
}
