/**
 * Second implementations for checking what openkms produces, written from the standards rather than from the
 * code under test: GCM from its block cipher (NIST SP 800-38D: CTR mode plus GHASH, with OpenSSL's ECB/CTR of AES
 * or SM4 as the block cipher), the openkms-v1 blob layout and context AAD from docs/ciphertext.md, and SM2's Z_A
 * from GB/T 32918.2 §5.5 with Node's SM3.
 */
import { createCipheriv, createHash } from 'node:crypto'

const BLOCK = 16

function blockCipher(alg: 'AES_GCM' | 'SM4_GCM', key: Buffer, mode: 'ecb' | 'ctr', iv: Buffer | null) {
  const name = alg === 'SM4_GCM' ? `sm4-${mode}` : `aes-${key.length * 8}-${mode}`
  const c = createCipheriv(name, key, iv)
  c.setAutoPadding(false)
  return c
}

/** Multiplication in GF(2^128) with GCM's bit order (SP 800-38D §6.3, Algorithm 1). */
function gfMul(x: bigint, y: bigint): bigint {
  const R = 0xe1n << 120n
  let z = 0n
  let v = y
  for (let i = 127; i >= 0; i--) {
    if ((x >> BigInt(i)) & 1n) z ^= v
    v = v & 1n ? (v >> 1n) ^ R : v >> 1n
  }
  return z
}

const toBig = (b: Buffer): bigint => BigInt(`0x${b.toString('hex') || '0'}`)
const fromBig = (n: bigint): Buffer => Buffer.from(n.toString(16).padStart(32, '0'), 'hex')

function ghash(h: Buffer, aad: Buffer, ct: Buffer): Buffer {
  const H = toBig(h)
  let y = 0n
  const absorb = (data: Buffer) => {
    for (let i = 0; i < data.length; i += BLOCK) {
      const block = Buffer.alloc(BLOCK)
      data.copy(block, 0, i, Math.min(i + BLOCK, data.length))
      y = gfMul(y ^ toBig(block), H)
    }
  }
  absorb(aad)
  absorb(ct)
  const lengths = Buffer.alloc(BLOCK)
  lengths.writeBigUInt64BE(BigInt(aad.length * 8), 0)
  lengths.writeBigUInt64BE(BigInt(ct.length * 8), 8)
  y = gfMul(y ^ toBig(lengths), H)
  return fromBig(y)
}

/** GCM decryption with a 96-bit IV; returns undefined when the tag does not match. */
export function independentGcmOpen(
  alg: 'AES_GCM' | 'SM4_GCM',
  key: Buffer,
  iv: Buffer,
  ct: Buffer,
  tag: Buffer,
  aad: Buffer,
): Buffer | undefined {
  const ecb = blockCipher(alg, key, 'ecb', null)
  const h = ecb.update(Buffer.alloc(BLOCK))
  const j0 = Buffer.concat([iv, Buffer.from([0, 0, 0, 1])])
  const ekj0 = ecb.update(j0)
  const expected = Buffer.from(ghash(h, aad, ct).map((b, i) => b ^ (ekj0[i] as number)))
  if (!expected.equals(tag)) return undefined
  const counter = Buffer.concat([iv, Buffer.from([0, 0, 0, 2])])
  return blockCipher(alg, key, 'ctr', counter).update(ct)
}

/** openkms-v1 blob: 0xC5 ‖ 0x01 ‖ alg (0x02 AES-GCM, 0x12 SM4-GCM) ‖ idLen ‖ keyVersionId ‖ iv(12) ‖ ct ‖ tag(16). */
export function splitOpenkmsBlob(blob: Buffer) {
  if (blob[0] !== 0xc5 || blob[1] !== 0x01) throw new Error('not an openkms-v1 blob')
  const alg = blob[2] === 0x12 ? ('SM4_GCM' as const) : blob[2] === 0x02 ? ('AES_GCM' as const) : undefined
  if (!alg) throw new Error(`unknown algorithm code ${blob[2]}`)
  const idLen = blob[3] as number
  const body = blob.subarray(4 + idLen)
  return {
    alg,
    keyVersionId: blob.subarray(4, 4 + idLen).toString('ascii'),
    iv: body.subarray(0, 12),
    ct: body.subarray(12, body.length - 16),
    tag: body.subarray(body.length - 16),
  }
}

/**
 * Alibaba's layout, split by hand as the combined SDKs do: keyVersionId = first 36 characters, then iv(12), the tag
 * is the last 16 bytes, the rest is ciphertext. No algorithm field: the key spec decides.
 */
export function splitSharedBlob(blob: Buffer) {
  const keyVersionId = blob.subarray(0, 36).toString('ascii')
  if (!/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(keyVersionId)) throw new Error('not a shared-layout blob')
  return { keyVersionId, iv: blob.subarray(36, 48), ct: blob.subarray(48, blob.length - 16), tag: blob.subarray(blob.length - 16) }
}

/** The combined SDKs' AAD for a context (Go EncodeUserEncryptionContext): SHA-256 of sorted `k=v` joined by `&`. */
export function aliyunContextAad(ctx: Record<string, string> | undefined): Buffer {
  if (!ctx) return Buffer.alloc(0)
  const keys = Object.keys(ctx).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  return createHash('sha256').update(keys.map((k) => `${k}=${ctx[k]}`).join('&'), 'utf8').digest()
}

/** The openkms-v1 context AAD: label ‖ u32 n ‖ (u32 len ‖ key ‖ u32 len ‖ value)… sorted by key bytes; empty for none. */
export function openkmsContextAad(ctx: Record<string, string> | undefined): Buffer {
  const entries = Object.entries(ctx ?? {}).map(([k, v]) => [Buffer.from(k), Buffer.from(v)] as const)
  if (entries.length === 0) return Buffer.alloc(0)
  entries.sort((a, b) => Buffer.compare(a[0], b[0]))
  const u32 = (n: number) => {
    const b = Buffer.alloc(4)
    b.writeUInt32BE(n)
    return b
  }
  const parts: Buffer[] = [Buffer.from('openkms-ec-v1\0'), u32(entries.length)]
  for (const [k, v] of entries) parts.push(u32(k.length), k, u32(v.length), v)
  return Buffer.concat(parts)
}

/** SM2 recommended curve parameters (GB/T 32918.5). */
const SM2 = {
  a: 'FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC',
  b: '28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93',
  gx: '32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7',
  gy: 'BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0',
}

/** e = SM3(Z_A ‖ M) with Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), ID 1234567812345678 (GB/T 32918.2 §5.5). */
export function sm2Digest(spkiDer: Buffer, message: Buffer, id = '1234567812345678'): Buffer {
  const point = spkiDer.subarray(spkiDer.length - 65)
  if (point[0] !== 0x04) throw new Error('expected an uncompressed SM2 point at the end of the SPKI')
  const idBytes = Buffer.from(id, 'utf8')
  const entl = Buffer.alloc(2)
  entl.writeUInt16BE(idBytes.length * 8)
  const hex = (s: string) => Buffer.from(s, 'hex')
  const za = createHash('sm3')
    .update(Buffer.concat([entl, idBytes, hex(SM2.a), hex(SM2.b), hex(SM2.gx), hex(SM2.gy), point.subarray(1)]))
    .digest()
  return createHash('sm3').update(za).update(message).digest()
}

/** SPKI DER from a PEM "PUBLIC KEY". */
export function spkiFromPem(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64')
}
