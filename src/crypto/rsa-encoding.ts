/**
 * Signature encodings for RSA over a caller-supplied SHA-256 digest (RFC 8017 §9). Node's sign() always hashes its
 * input, so openkms builds the encoded message itself and applies the raw RSA private operation to it.
 */
import { hash } from 'node:crypto'
import { randomSmall } from './random.js'

const H_LEN = 32
/** DER prefix of DigestInfo for SHA-256 (RFC 8017 §9.2 note 1). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex')
/** Salt length of RSA_PSS_SHA_256 signatures openkms produces: the digest length, as AWS and most HSMs do. */
export const PSS_SALT_LENGTH = 32

/** One-shot SHA-256 (no Hash object per call: a signature takes up to nine of these). */
function sha256(...parts: Buffer[]): Buffer {
  return hash('sha256', parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts), 'buffer') as unknown as Buffer
}

/** MGF1 with SHA-256 (RFC 8017 §B.2.1). */
export function mgf1Sha256(seed: Buffer, length: number): Buffer {
  const out = Buffer.alloc(Math.ceil(length / H_LEN) * H_LEN)
  // seed ‖ counter in one buffer whose last four bytes are rewritten for each block.
  const input = Buffer.alloc(seed.length + 4)
  seed.copy(input)
  for (let i = 0; i * H_LEN < length; i++) {
    input.writeUInt32BE(i, seed.length)
    sha256(input).copy(out, i * H_LEN)
  }
  return out.subarray(0, length)
}

/** EMSA-PKCS1-v1_5 (RFC 8017 §9.2) for a SHA-256 digest, `k` bytes long: 00 01 FF… 00 ‖ DigestInfo ‖ H. */
export function emsaPkcs1Sha256(digest: Buffer, k: number): Buffer {
  const t = Buffer.concat([SHA256_DIGEST_INFO, digest])
  const em = Buffer.alloc(k, 0xff)
  em[0] = 0x00
  em[1] = 0x01
  em[k - t.length - 1] = 0x00
  t.copy(em, k - t.length)
  return em
}

/** EMSA-PSS-ENCODE (RFC 8017 §9.1.1), SHA-256/MGF1-SHA-256, returned left-padded to `k` bytes. */
export function emsaPssEncodeSha256(digest: Buffer, modBits: number, k: number, salt = randomSmall(PSS_SALT_LENGTH)): Buffer {
  const emBits = modBits - 1
  const emLen = Math.ceil(emBits / 8)
  const h = sha256(Buffer.alloc(8), digest, salt)
  const db = Buffer.alloc(emLen - H_LEN - 1)
  db[db.length - salt.length - 1] = 0x01
  salt.copy(db, db.length - salt.length)
  const mask = mgf1Sha256(h, db.length)
  for (let i = 0; i < db.length; i++) db[i] ^= mask[i]
  db[0] &= 0xff >> (8 * emLen - emBits)
  return Buffer.concat([Buffer.alloc(k - emLen), db, h, Buffer.from([0xbc])])
}

/**
 * EMSA-PSS-VERIFY (RFC 8017 §9.1.2) for SHA-256/MGF1-SHA-256 on the `k`-byte result of the public operation.
 * The salt length is recovered from the encoding (OpenSSL's "auto"), so signatures made by other tools with a
 * different salt length still verify; the hash binds the salt, so this costs no security.
 */
export function emsaPssVerifySha256(digest: Buffer, em: Buffer, modBits: number): boolean {
  const emBits = modBits - 1
  const emLen = Math.ceil(emBits / 8)
  if (em.length < emLen) return false
  for (let i = 0; i < em.length - emLen; i++) if (em[i] !== 0) return false
  const e = em.subarray(em.length - emLen)
  if (emLen < H_LEN + 2 || e[emLen - 1] !== 0xbc) return false
  const maskedDb = e.subarray(0, emLen - H_LEN - 1)
  const h = e.subarray(emLen - H_LEN - 1, emLen - 1)
  const topMask = 0xff >> (8 * emLen - emBits)
  if ((maskedDb[0] & ~topMask) !== 0) return false
  const db = mgf1Sha256(h, maskedDb.length)
  for (let i = 0; i < db.length; i++) db[i] ^= maskedDb[i]
  db[0] &= topMask
  let i = 0
  while (i < db.length && db[i] === 0) i++
  if (i >= db.length || db[i] !== 0x01) return false
  const salt = db.subarray(i + 1)
  return sha256(Buffer.alloc(8), digest, salt).equals(h)
}
