/**
 * RSA for RSA_2048 / RSA_3072 keys (spec/kms-openapi.md §4.4): signatures over a caller-supplied SHA-256 digest
 * (PSS salt 32, or PKCS#1 v1.5 with DigestInfo) and OAEP encryption with SHA-256 or SHA-1 (the same hash for MGF1).
 * Private operations here are synchronous; the facade runs them on worker threads.
 */
import {
  constants,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  privateEncrypt,
  publicDecrypt,
  publicEncrypt,
  type KeyObject,
} from 'node:crypto'
import { CryptoError } from './crypto-error.js'
import { Lru } from './lru.js'
import { emsaPkcs1Sha256, emsaPssEncodeSha256, emsaPssVerifySha256 } from './rsa-encoding.js'

export type RsaSignAlgorithm = 'RSA_PSS_SHA_256' | 'RSA_PKCS1_SHA_256'
export type RsaEncryptionAlgorithm = 'RSAES_OAEP_SHA_256' | 'RSAES_OAEP_SHA_1'

const OAEP_HASH: Record<RsaEncryptionAlgorithm, string> = { RSAES_OAEP_SHA_256: 'sha256', RSAES_OAEP_SHA_1: 'sha1' }

/**
 * Parsed keys by their DER, for callers that hold only the material (public keys on the main thread, the
 * material-taking functions below); parsing plus OpenSSL's per-key blinding setup cost more than a signature.
 */
const keyCache = new Lru<string, KeyObject>(256)

function cached(der: Buffer, kind: 'private' | 'public', load: () => KeyObject): KeyObject {
  const id = kind + der.toString('base64')
  let key = keyCache.get(id)
  if (!key) {
    key = load()
    keyCache.set(id, key)
  }
  return key
}

function checkRsa(key: KeyObject, bits: number): KeyObject {
  if (key.asymmetricKeyType !== 'rsa') throw new CryptoError('key', `expected an RSA key, got ${key.asymmetricKeyType}`)
  const got = key.asymmetricKeyDetails?.modulusLength
  if (got !== bits) throw new CryptoError('key', `expected an RSA-${bits} key, got RSA-${got}`)
  return key
}

/** Parses PKCS#8 DER key material (uncached); `bits` is the modulus size the key spec promises. */
export function parseRsaPrivateKey(material: Buffer, bits: number): KeyObject {
  let key: KeyObject
  try {
    key = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' })
  } catch (e) {
    throw new CryptoError('key', `invalid RSA private key: ${(e as Error).message}`)
  }
  return checkRsa(key, bits)
}

/** Like `parseRsaPrivateKey`, through a small cache keyed by the DER itself. */
export function rsaPrivateKey(material: Buffer, bits: number): KeyObject {
  return checkRsa(cached(material, 'private', () => parseRsaPrivateKey(material, bits)), bits)
}

/** Loads a SubjectPublicKeyInfo DER public key. */
export function rsaPublicKey(spki: Buffer, bits: number): KeyObject {
  const key = cached(spki, 'public', () => {
    try {
      return createPublicKey({ key: spki, format: 'der', type: 'spki' })
    } catch (e) {
      throw new CryptoError('key', `invalid RSA public key: ${(e as Error).message}`)
    }
  })
  return checkRsa(key, bits)
}

/** Signs a 32-byte SHA-256 digest without hashing it again. */
export function rsaSignDigest(material: Buffer, bits: number, alg: RsaSignAlgorithm, digest: Buffer): Buffer {
  return rsaSign(rsaPrivateKey(material, bits), bits, alg, digest)
}

/** `rsaSignDigest` with a key parsed by `parseRsaPrivateKey(…, bits)`. */
export function rsaSign(key: KeyObject, bits: number, alg: RsaSignAlgorithm, digest: Buffer): Buffer {
  const k = bits / 8
  if (alg === 'RSA_PKCS1_SHA_256') {
    return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, emsaPkcs1Sha256(digest, k))
  }
  return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, emsaPssEncodeSha256(digest, bits, k))
}

/**
 * Verifies against a digest. PKCS#1 v1.5 compares the whole re-built encoding (no parsing, so no
 * Bleichenbacher-2006 style forgeries); PSS accepts any salt length.
 */
export function rsaVerifyDigest(spki: Buffer, bits: number, alg: RsaSignAlgorithm, digest: Buffer, signature: Buffer): boolean {
  const key = rsaPublicKey(spki, bits)
  const k = bits / 8
  if (signature.length !== k) return false
  let em: Buffer
  try {
    em = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature)
  } catch {
    return false
  }
  if (em.length < k) em = Buffer.concat([Buffer.alloc(k - em.length), em])
  if (alg === 'RSA_PKCS1_SHA_256') return em.equals(emsaPkcs1Sha256(digest, k))
  return emsaPssVerifySha256(digest, em, bits)
}

/** RSAES-OAEP encryption (RFC 8017 §7.1) with MGF1 over the same hash. */
export function rsaEncrypt(spki: Buffer, bits: number, alg: RsaEncryptionAlgorithm, plaintext: Buffer): Buffer {
  const key = rsaPublicKey(spki, bits)
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP_HASH[alg] }, plaintext)
}

/** RSAES-OAEP decryption; every decoding failure is reported alike as CryptoError('auth') (RFC 8017 §7.1.2 note). */
export function rsaDecrypt(material: Buffer, bits: number, alg: RsaEncryptionAlgorithm, ciphertext: Buffer): Buffer {
  return rsaDecryptWith(rsaPrivateKey(material, bits), bits, alg, ciphertext)
}

/** `rsaDecrypt` with a key parsed by `parseRsaPrivateKey(…, bits)`. */
export function rsaDecryptWith(key: KeyObject, bits: number, alg: RsaEncryptionAlgorithm, ciphertext: Buffer): Buffer {
  if (ciphertext.length !== bits / 8) throw new CryptoError('format', `RSA ciphertext must be ${bits / 8} bytes`)
  try {
    return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP_HASH[alg] }, ciphertext)
  } catch {
    throw new CryptoError('auth', 'RSA-OAEP decryption failed')
  }
}
