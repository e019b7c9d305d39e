/**
 * The CiphertextBlob of the control-plane Encrypt / GenerateDataKey* / ReEncrypt for symmetric keys, and the two
 * blob shapes Alibaba's combined SDKs build from instance-API results, so Decrypt needs no KeyId for any of them.
 * Byte layouts, AAD rules and failure behaviour: docs/ciphertext.md.
 */
import { createHash } from 'node:crypto'
import type { GcmAlgorithm } from '../crypto/symmetric.js'
import { KmsErrors } from './errors.js'
import type { KeySpec } from './key-spec.js'

export type BlobFormat = 'openkms-v1' | 'aliyun-shared' | 'aliyun-advance'

export interface ParsedBlob {
  format: BlobFormat
  keyVersionId: string
  algorithm: GcmAlgorithm
  iv: Buffer
  ciphertext: Buffer
  tag: Buffer
  /**
   * True for 'aliyun-shared' blobs, which carry no algorithm: `algorithm` is then a placeholder and the key
   * version's spec decides (see resolveBlobAlgorithm).
   */
  algorithmImplied?: boolean
}

const IV_LENGTH = 12
const TAG_LENGTH = 16
const UUID_LENGTH = 36

/** First byte of openkms blobs: neither '$' (Alibaba's Advance form) nor a hex digit (a key-version UUID). */
export const OPENKMS_BLOB_MAGIC = 0xc5
export const OPENKMS_BLOB_VERSION = 0x01
/** openkms algorithm codes: high nibble = cipher (0 AES, 1 SM4), low nibble = mode (2 = GCM, Alibaba's GCM code). */
const OPENKMS_ALG: Record<GcmAlgorithm, number> = { AES_GCM: 0x02, SM4_GCM: 0x12 }

/** Alibaba's Advance* blob: '$' ‖ (cipherVer<<4 | padding) ‖ alg ‖ keyVersionId(36) ‖ iv ‖ ct‖tag (sdk/utils/consts.go). */
const ADVANCE_MAGIC = 0x24
const ADVANCE_CIPHER_VERSION = 0
const ADVANCE_ALG_AES_GCM = 0x02

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
const PRINTABLE_ASCII_RE = /^[\x21-\x7e]+$/
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function invalid(why: string): never {
  throw KmsErrors.invalidParameter('CiphertextBlob', why)
}

function checkParts(p: { keyVersionId: string; iv: Buffer; tag: Buffer }, maxIdLength: number): void {
  const id = p.keyVersionId
  if (id.length === 0 || id.length > maxIdLength || !PRINTABLE_ASCII_RE.test(id)) {
    throw new RangeError('keyVersionId must be 1–255 printable ASCII characters')
  }
  if (p.iv.length !== IV_LENGTH) throw new RangeError(`iv must be ${IV_LENGTH} bytes`)
  if (p.tag.length !== TAG_LENGTH) throw new RangeError(`tag must be ${TAG_LENGTH} bytes`)
}

/**
 * openkms-v1: magic(0xC5) ‖ version(0x01) ‖ alg ‖ len(keyVersionId) ‖ keyVersionId ‖ iv(12) ‖ ciphertext ‖ tag(16).
 * Throws RangeError (a programming error, not a client error) on out-of-range parts.
 */
export function encodeCiphertextBlob(p: {
  keyVersionId: string
  algorithm: GcmAlgorithm
  iv: Buffer
  ciphertext: Buffer
  tag: Buffer
}): Buffer {
  checkParts(p, 255)
  const alg = OPENKMS_ALG[p.algorithm]
  if (alg === undefined) throw new RangeError(`unknown algorithm ${String(p.algorithm)}`)
  const id = Buffer.from(p.keyVersionId, 'ascii')
  const header = Buffer.from([OPENKMS_BLOB_MAGIC, OPENKMS_BLOB_VERSION, alg, id.length])
  return Buffer.concat([header, id, p.iv, p.ciphertext, p.tag])
}

/** Alibaba's Advance form, as AdvanceEncrypt returns it on the instance API (AES-GCM only; no SM4 code is published). */
export function encodeAdvanceCiphertextBlob(p: { keyVersionId: string; iv: Buffer; ciphertext: Buffer; tag: Buffer }): Buffer {
  checkParts(p, UUID_LENGTH)
  if (!UUID_RE.test(p.keyVersionId)) throw new RangeError('the Advance form needs a 36-character UUID key version id')
  const header = Buffer.from([ADVANCE_MAGIC, (ADVANCE_CIPHER_VERSION << 4) | 0, ADVANCE_ALG_AES_GCM])
  return Buffer.concat([header, Buffer.from(p.keyVersionId, 'ascii'), p.iv, p.ciphertext, p.tag])
}

/**
 * Alibaba's layout, which openkms writes for new ciphertexts: keyVersionId (36-character UUID) ‖ iv(12) ‖ ciphertext ‖
 * tag(16), with no header, so the combined SDKs can split it and send its parts to the instance API. Throws
 * RangeError for a key version id that is not a UUID (the caller then writes openkms-v1; see sealFormat).
 */
export function encodeSharedCiphertextBlob(p: { keyVersionId: string; iv: Buffer; ciphertext: Buffer; tag: Buffer }): Buffer {
  checkParts(p, UUID_LENGTH)
  if (!UUID_RE.test(p.keyVersionId)) throw new RangeError('the shared form needs a 36-character UUID key version id')
  return Buffer.concat([Buffer.from(p.keyVersionId, 'ascii'), p.iv, p.ciphertext, p.tag])
}

/**
 * The format a new ciphertext is written in: Alibaba's shared layout, unless that would weaken it. Its AAD joins the
 * context as `k=v&k=v`, which is ambiguous once a key or value holds `&` or `=` ({"a":"b&c=d"} and
 * {"a":"b","c":"d"} give the same AAD); such contexts, and key version ids that are not UUIDs (possible only in
 * seed files), keep the openkms-v1 format with its injective AAD.
 */
export function sealFormat(keyVersionId: string, ctx: Record<string, string> | undefined): 'aliyun-shared' | 'openkms-v1' {
  if (!UUID_RE.test(keyVersionId)) return 'openkms-v1'
  if (ctx && Object.entries(ctx).some(([k, v]) => /[&=]/.test(k) || /[&=]/.test(v))) return 'openkms-v1'
  return 'aliyun-shared'
}

function splitBody(body: Buffer): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  if (body.length < IV_LENGTH + TAG_LENGTH) invalid('The ciphertext is too short.')
  return {
    iv: Buffer.from(body.subarray(0, IV_LENGTH)),
    ciphertext: Buffer.from(body.subarray(IV_LENGTH, body.length - TAG_LENGTH)),
    tag: Buffer.from(body.subarray(body.length - TAG_LENGTH)),
  }
}

function parseOpenkms(blob: Buffer): ParsedBlob {
  if (blob.length < 4) invalid('The ciphertext is too short.')
  if (blob[1] !== OPENKMS_BLOB_VERSION) invalid(`Unsupported ciphertext format version ${blob[1]}.`)
  const algorithm = (Object.keys(OPENKMS_ALG) as GcmAlgorithm[]).find((a) => OPENKMS_ALG[a] === blob[2])
  if (!algorithm) invalid(`Unknown ciphertext algorithm code ${blob[2]}.`)
  const idLength = blob[3]
  if (idLength === 0 || blob.length < 4 + idLength) invalid('The ciphertext is too short.')
  const keyVersionId = blob.subarray(4, 4 + idLength).toString('latin1')
  if (!PRINTABLE_ASCII_RE.test(keyVersionId)) invalid('The key version id is malformed.')
  return { format: 'openkms-v1', keyVersionId, algorithm, ...splitBody(blob.subarray(4 + idLength)) }
}

function parseAdvance(blob: Buffer): ParsedBlob {
  if (blob.length < 3 + UUID_LENGTH) invalid('The ciphertext is too short.')
  const cipherVersion = blob[1] >> 4
  const padding = blob[1] & 0x0f
  if (cipherVersion !== ADVANCE_CIPHER_VERSION) invalid(`Unsupported ciphertext version ${cipherVersion}.`)
  if (padding !== 0 || blob[2] !== ADVANCE_ALG_AES_GCM) invalid('Only AES_GCM ciphertexts are supported.')
  const keyVersionId = blob.subarray(3, 3 + UUID_LENGTH).toString('latin1')
  if (!UUID_RE.test(keyVersionId)) invalid('The key version id is malformed.')
  return { format: 'aliyun-advance', keyVersionId, algorithm: 'AES_GCM', ...splitBody(blob.subarray(3 + UUID_LENGTH)) }
}

function parseShared(blob: Buffer): ParsedBlob {
  const keyVersionId = blob.subarray(0, UUID_LENGTH).toString('latin1')
  if (blob.length < UUID_LENGTH || !UUID_RE.test(keyVersionId)) invalid('Unrecognised ciphertext format.')
  return {
    format: 'aliyun-shared',
    keyVersionId,
    algorithm: 'AES_GCM',
    algorithmImplied: true,
    ...splitBody(blob.subarray(UUID_LENGTH)),
  }
}

/**
 * Recognises the three formats by their first byte (0xC5, '$', or the first hex digit of a UUID). Never trusts
 * lengths it has not checked; anything malformed throws InvalidParameter naming CiphertextBlob.
 */
export function parseCiphertextBlob(blob: Buffer): ParsedBlob {
  if (!Buffer.isBuffer(blob) || blob.length === 0) invalid('The ciphertext is empty.')
  if (blob[0] === OPENKMS_BLOB_MAGIC) return parseOpenkms(blob)
  if (blob[0] === ADVANCE_MAGIC) return parseAdvance(blob)
  return parseShared(blob)
}

/**
 * The GCM algorithm to decrypt `parsed` with a key version of `spec`. For 'aliyun-shared' blobs the spec decides
 * (Aliyun_SM4 → SM4_GCM); for self-describing blobs a mismatch with the spec is rejected.
 */
export function resolveBlobAlgorithm(parsed: ParsedBlob, spec: KeySpec): GcmAlgorithm {
  const expected: GcmAlgorithm | undefined =
    spec === 'Aliyun_SM4' ? 'SM4_GCM' : spec.startsWith('Aliyun_AES_') ? 'AES_GCM' : undefined
  if (!expected) invalid('The ciphertext was not produced by a symmetric key.')
  if (!parsed.algorithmImplied && parsed.algorithm !== expected) invalid('The ciphertext algorithm does not match the key.')
  return expected
}

function checkedEntries(ctx: Record<string, string>): [Buffer, Buffer][] {
  if (typeof ctx !== 'object' || ctx === null || Array.isArray(ctx)) {
    throw KmsErrors.invalidParameter('EncryptionContext', 'It must be a JSON object of strings.')
  }
  const entries = Object.entries(ctx).map(([k, v]): [Buffer, Buffer] => {
    if (typeof v !== 'string') throw KmsErrors.invalidParameter('EncryptionContext', 'Every value must be a string.')
    if (LONE_SURROGATE_RE.test(k) || LONE_SURROGATE_RE.test(v)) {
      throw KmsErrors.invalidParameter('EncryptionContext', 'It contains an unpaired UTF-16 surrogate.')
    }
    return [Buffer.from(k, 'utf8'), Buffer.from(v, 'utf8')]
  })
  return entries.sort((a, b) => Buffer.compare(a[0], b[0]))
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n)
  return b
}

/** Alibaba combined SDK (Go/Java): k1=v1&k2=v2 with keys sorted; the AAD is its SHA-256 (or that digest in hex). */
function aliyunJoinDigest(entries: [Buffer, Buffer][]): Buffer {
  const h = createHash('sha256')
  entries.forEach(([k, v], i) => h.update(Buffer.concat([i ? Buffer.from('&') : Buffer.alloc(0), k, Buffer.from('='), v])))
  return h.digest()
}

const OPENKMS_AAD_LABEL = Buffer.from('openkms-ec-v1\0', 'ascii')

/**
 * The AAD binding an EncryptionContext to a blob of `format`; order-insensitive in every format.
 * - openkms-v1: empty for no/empty context, else label ‖ u32 count ‖ (u32 len ‖ key ‖ u32 len ‖ value)… with keys
 *   sorted by UTF-8 bytes: length prefixes make it injective, unlike a `k=v&` join.
 * - aliyun-*: what the Go/Java combined SDK sends as Aad: nothing when the context is absent, else
 *   SHA-256(sorted `k=v&k=v`), so blobs that SDK built from instance-API results decrypt here.
 * Pass `undefined` only when the request had no EncryptionContext at all.
 */
export function encryptionContextAad(ctx: Record<string, string> | undefined, format: ParsedBlob['format']): Buffer {
  if (ctx === undefined) return Buffer.alloc(0)
  const entries = checkedEntries(ctx)
  if (format !== 'openkms-v1') return aliyunJoinDigest(entries)
  if (entries.length === 0) return Buffer.alloc(0)
  const parts = [OPENKMS_AAD_LABEL, u32(entries.length)]
  for (const [k, v] of entries) parts.push(u32(k.length), k, u32(v.length), v)
  return Buffer.concat(parts)
}

/**
 * The EncryptionContext text exactly as the request carried it, attached (not enumerable) by the parameter decoder:
 * the Python combined SDK uses that text itself as the AAD.
 */
export const RAW_CONTEXT_JSON: unique symbol = Symbol('openkms.rawContextJson')

export function rawContextJson(ctx: Record<string, string> | undefined): string | undefined {
  if (!ctx) return undefined
  const raw = (ctx as { [RAW_CONTEXT_JSON]?: unknown })[RAW_CONTEXT_JSON]
  return typeof raw === 'string' ? raw : undefined
}

/**
 * Every AAD an Alibaba SDK may have used for a context, for Decrypt to try in turn on 'aliyun-*' blobs: the Go/Java
 * digest, the Python SDK's hex digest (Advance*), its raw JSON string (Encrypt, needs `rawJson`), and for an
 * empty context both "no AAD" and SHA-256(""). An absent context and openkms-v1 blobs have exactly one candidate.
 */
export function encryptionContextAadCandidates(
  ctx: Record<string, string> | undefined,
  format: ParsedBlob['format'],
  rawJson?: string,
): Buffer[] {
  if (format === 'openkms-v1' || ctx === undefined) return [encryptionContextAad(ctx, format)]
  const entries = checkedEntries(ctx)
  const out: Buffer[] = []
  if (entries.length === 0) out.push(Buffer.alloc(0))
  const digest = aliyunJoinDigest(entries)
  out.push(digest, Buffer.from(digest.toString('hex'), 'ascii'))
  if (rawJson) out.push(Buffer.from(rawJson, 'utf8'))
  return out.filter((b, i) => out.findIndex((o) => o.equals(b)) === i)
}
