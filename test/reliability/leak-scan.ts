/**
 * Searches raw file bytes for secrets in every form a careless implementation could have written them:
 * the bytes themselves, standard and URL-safe base64 at each of the three byte alignments (a secret inside
 * a longer encoded value), and lower/upper-case hex.
 */
import { createPrivateKey } from 'node:crypto'
import { ecScalarFromPkcs8 } from '../../src/crypto/ec-keys.js'

export interface Needle {
  label: string
  bytes: Buffer
}

/** The encodings of `secret` to look for; base64 forms drop the edge characters that depend on neighbours. */
export function encodedForms(secret: Buffer): Buffer[] {
  const forms = [secret, Buffer.from(secret.toString('hex')), Buffer.from(secret.toString('hex').toUpperCase())]
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), secret])
    for (const enc of ['base64', 'base64url'] as const) {
      const text = padded.toString(enc).replace(/=+$/, '')
      const inner = text.slice(offset === 0 ? 0 : 4, -4)
      if (inner.length >= 12) forms.push(Buffer.from(inner))
    }
  }
  return forms
}

/** Labels of the needles found in any of the files, with the file and the form that matched. */
export function findLeaks(files: Array<{ name: string; bytes: Buffer }>, needles: Needle[]): string[] {
  const found: string[] = []
  for (const needle of needles) {
    for (const form of encodedForms(needle.bytes)) {
      const hit = files.find((f) => f.bytes.includes(form))
      if (hit) {
        found.push(`${needle.label} in ${hit.name} (as ${JSON.stringify(form.toString('latin1').slice(0, 24))}…)`)
        break
      }
    }
  }
  return found
}

/**
 * The secret parts of key material: symmetric keys whole; for private keys the PKCS#8 DER and each private
 * component (RSA d, p, q, dp, dq, qi; the EC / SM2 scalar), since their public parts are rightly stored.
 */
export function secretParts(material: Buffer, keySpec: string): Buffer[] {
  if (keySpec.startsWith('Aliyun_')) return [material]
  if (keySpec === 'EC_SM2') return [material, ecScalarFromPkcs8(material, 'SM2')]
  const jwk = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' })
  const parts = ['d', 'p', 'q', 'dp', 'dq', 'qi'].map((k) => (jwk as Record<string, string | undefined>)[k]).filter((v): v is string => !!v)
  return [material, ...parts.map((v) => Buffer.from(v, 'base64url'))]
}
