/**
 * The crypto ceilings: each primitive a benchmarked action performs, prepared once and then callable in a
 * tight loop. "node" primitives call node:crypto directly (the raw rate a request can never beat); SM2
 * uses openkms's src/crypto/sm2.ts because Node's OpenSSL has no GM/T SM2 with the standard ID.
 */
import { constants, createCipheriv, createDecipheriv, createPrivateKey, randomBytes, sign } from 'node:crypto'
import { generateKeyMaterial } from '../src/crypto/keygen.js'
import { rsaSignDigest } from '../src/crypto/rsa.js'
import { sm2PrivateKey, sm2Sign } from '../src/crypto/sm2.js'

export const PRIMITIVES = {
  'aes-256-gcm-encrypt-32': 'AES-256-GCM encrypt of 32 bytes, random 12-byte IV (node:crypto)',
  'aes-256-gcm-decrypt-32': 'AES-256-GCM decrypt of 32 bytes (node:crypto)',
  'data-key-32': 'randomBytes(32) + AES-256-GCM encrypt of it (node:crypto)',
  'rsa-2048-pss-sign': 'RSA-2048 PSS/SHA-256 sign (node:crypto sign)',
  'rsa-2048-pss-sign-openkms': 'RSA-2048 PSS sign of a digest through src/crypto/rsa.ts',
  'ec-p256-sign': 'ECDSA P-256/SHA-256 sign, DER (node:crypto sign)',
  'sm2-sign': 'SM2DSA sign of a digest through src/crypto/sm2.ts (sm-crypto-v2)',
} as const

export type Primitive = keyof typeof PRIMITIVES

/** Builds the keys and inputs for `primitive` and returns one operation as a closure. */
export async function preparePrimitive(primitive: Primitive): Promise<() => void> {
  const digest = randomBytes(32)
  switch (primitive) {
    case 'aes-256-gcm-encrypt-32': {
      const key = randomBytes(32)
      return () => {
        const c = createCipheriv('aes-256-gcm', key, randomBytes(12))
        c.update(digest)
        c.final()
        c.getAuthTag()
      }
    }
    case 'aes-256-gcm-decrypt-32': {
      const key = randomBytes(32)
      const iv = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', key, iv)
      const ct = Buffer.concat([c.update(digest), c.final()])
      const tag = c.getAuthTag()
      return () => {
        const d = createDecipheriv('aes-256-gcm', key, iv)
        d.setAuthTag(tag)
        d.update(ct)
        d.final()
      }
    }
    case 'data-key-32': {
      const key = randomBytes(32)
      return () => {
        const c = createCipheriv('aes-256-gcm', key, randomBytes(12))
        c.update(randomBytes(32))
        c.final()
        c.getAuthTag()
      }
    }
    case 'rsa-2048-pss-sign': {
      const key = createPrivateKey({ key: (await generateKeyMaterial('RSA_2048')).material, format: 'der', type: 'pkcs8' })
      return () => void sign('sha256', digest, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
    }
    case 'rsa-2048-pss-sign-openkms': {
      const { material } = await generateKeyMaterial('RSA_2048')
      return () => void rsaSignDigest(material, 2048, 'RSA_PSS_SHA_256', digest)
    }
    case 'ec-p256-sign': {
      const key = createPrivateKey({ key: (await generateKeyMaterial('EC_P256')).material, format: 'der', type: 'pkcs8' })
      return () => void sign('sha256', digest, key)
    }
    case 'sm2-sign': {
      const { material } = await generateKeyMaterial('EC_SM2')
      const key = sm2PrivateKey(material) // parsed once, as the server's crypto workers keep it
      return () => void sm2Sign(key, digest)
    }
  }
}
