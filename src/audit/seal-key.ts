/**
 * The key that seals audit chains: an Ed25519 key derived from the root key with HKDF-SHA256 under a label of
 * its own, so it never equals any key that wraps data, and its public half lets anyone verify a log without
 * being able to forge seals. Every node shares the root key, so every node's seals verify with one public
 * key; after `openkms root-key rotate` older seals verify with the public key exported before (docs/audit.md).
 */
import { createHash, createPrivateKey, createPublicKey, hkdfSync, sign, verify, type KeyObject } from 'node:crypto'

const HKDF_SALT = 'openkms audit'
const HKDF_INFO = 'audit-seal-ed25519-v1'
/** PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

export interface SealSigner {
  /** First 16 hex digits of the SHA-256 of the raw public key: names the key in seals. */
  readonly keyId: string
  readonly publicKey: KeyObject
  sign(data: Buffer): string
}

export function sealKeyFromRootKey(rootKey: Buffer): SealSigner {
  const seed = Buffer.from(hkdfSync('sha256', rootKey, HKDF_SALT, HKDF_INFO, 32))
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' })
  seed.fill(0)
  const publicKey = createPublicKey(privateKey)
  return {
    keyId: sealKeyId(publicKey),
    publicKey,
    sign: (data) => sign(null, data, privateKey).toString('base64'),
  }
}

export function sealKeyId(publicKey: KeyObject): string {
  const raw = publicKey.export({ format: 'der', type: 'spki' })
  return createHash('sha256').update(raw).digest('hex').slice(0, 16)
}

export function verifySeal(publicKey: KeyObject, data: Buffer, signature: string): boolean {
  try {
    return verify(null, data, publicKey, Buffer.from(signature, 'base64'))
  } catch {
    return false
  }
}

/** Reads one or more PEM public keys (as `openkms audit public-key` prints them). */
export function publicKeysFromPem(pem: string): KeyObject[] {
  const blocks = pem.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? []
  return blocks.map((b) => createPublicKey(b))
}
