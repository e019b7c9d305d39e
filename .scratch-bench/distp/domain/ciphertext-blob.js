/**
 * The CiphertextBlob of the control-plane Encrypt / GenerateDataKey* / ReEncrypt for symmetric keys, and the two
 * blob shapes Alibaba's combined SDKs build from instance-API results, so Decrypt needs no KeyId for any of them.
 * Byte layouts, AAD rules and failure behaviour: docs/ciphertext.md.
 */
import { createHash } from 'node:crypto';
import { KmsErrors } from './errors.js';
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const UUID_LENGTH = 36;
/** First byte of openkms blobs: neither '$' (Alibaba's Advance form) nor a hex digit (a key-version UUID). */
export const OPENKMS_BLOB_MAGIC = 0xc5;
export const OPENKMS_BLOB_VERSION = 0x01;
/** openkms algorithm codes: high nibble = cipher (0 AES, 1 SM4), low nibble = mode (2 = GCM, Alibaba's GCM code). */
const OPENKMS_ALG = { AES_GCM: 0x02, SM4_GCM: 0x12 };
/** Alibaba's Advance* blob: '$' ‖ (cipherVer<<4 | padding) ‖ alg ‖ keyVersionId(36) ‖ iv ‖ ct‖tag (sdk/utils/consts.go). */
const ADVANCE_MAGIC = 0x24;
const ADVANCE_CIPHER_VERSION = 0;
const ADVANCE_ALG_AES_GCM = 0x02;
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const PRINTABLE_ASCII_RE = /^[\x21-\x7e]+$/;
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function invalid(why) {
    throw KmsErrors.invalidParameter('CiphertextBlob', why);
}
function checkParts(p, maxIdLength) {
    const id = p.keyVersionId;
    if (id.length === 0 || id.length > maxIdLength || !PRINTABLE_ASCII_RE.test(id)) {
        throw new RangeError('keyVersionId must be 1–255 printable ASCII characters');
    }
    if (p.iv.length !== IV_LENGTH)
        throw new RangeError(`iv must be ${IV_LENGTH} bytes`);
    if (p.tag.length !== TAG_LENGTH)
        throw new RangeError(`tag must be ${TAG_LENGTH} bytes`);
}
/**
 * openkms-v1: magic(0xC5) ‖ version(0x01) ‖ alg ‖ len(keyVersionId) ‖ keyVersionId ‖ iv(12) ‖ ciphertext ‖ tag(16).
 * Throws RangeError (a programming error, not a client error) on out-of-range parts.
 */
export function encodeCiphertextBlob(p) {
    checkParts(p, 255);
    const alg = OPENKMS_ALG[p.algorithm];
    if (alg === undefined)
        throw new RangeError(`unknown algorithm ${String(p.algorithm)}`);
    const id = Buffer.from(p.keyVersionId, 'ascii');
    const header = Buffer.from([OPENKMS_BLOB_MAGIC, OPENKMS_BLOB_VERSION, alg, id.length]);
    return Buffer.concat([header, id, p.iv, p.ciphertext, p.tag]);
}
/** Alibaba's Advance form, as AdvanceEncrypt returns it on the instance API (AES-GCM only; no SM4 code is published). */
export function encodeAdvanceCiphertextBlob(p) {
    checkParts(p, UUID_LENGTH);
    if (!UUID_RE.test(p.keyVersionId))
        throw new RangeError('the Advance form needs a 36-character UUID key version id');
    const header = Buffer.from([ADVANCE_MAGIC, (ADVANCE_CIPHER_VERSION << 4) | 0, ADVANCE_ALG_AES_GCM]);
    return Buffer.concat([header, Buffer.from(p.keyVersionId, 'ascii'), p.iv, p.ciphertext, p.tag]);
}
function splitBody(body) {
    if (body.length < IV_LENGTH + TAG_LENGTH)
        invalid('The ciphertext is too short.');
    return {
        iv: Buffer.from(body.subarray(0, IV_LENGTH)),
        ciphertext: Buffer.from(body.subarray(IV_LENGTH, body.length - TAG_LENGTH)),
        tag: Buffer.from(body.subarray(body.length - TAG_LENGTH)),
    };
}
function parseOpenkms(blob) {
    if (blob.length < 4)
        invalid('The ciphertext is too short.');
    if (blob[1] !== OPENKMS_BLOB_VERSION)
        invalid(`Unsupported ciphertext format version ${blob[1]}.`);
    const algorithm = Object.keys(OPENKMS_ALG).find((a) => OPENKMS_ALG[a] === blob[2]);
    if (!algorithm)
        invalid(`Unknown ciphertext algorithm code ${blob[2]}.`);
    const idLength = blob[3];
    if (idLength === 0 || blob.length < 4 + idLength)
        invalid('The ciphertext is too short.');
    const keyVersionId = blob.subarray(4, 4 + idLength).toString('latin1');
    if (!PRINTABLE_ASCII_RE.test(keyVersionId))
        invalid('The key version id is malformed.');
    return { format: 'openkms-v1', keyVersionId, algorithm, ...splitBody(blob.subarray(4 + idLength)) };
}
function parseAdvance(blob) {
    if (blob.length < 3 + UUID_LENGTH)
        invalid('The ciphertext is too short.');
    const cipherVersion = blob[1] >> 4;
    const padding = blob[1] & 0x0f;
    if (cipherVersion !== ADVANCE_CIPHER_VERSION)
        invalid(`Unsupported ciphertext version ${cipherVersion}.`);
    if (padding !== 0 || blob[2] !== ADVANCE_ALG_AES_GCM)
        invalid('Only AES_GCM ciphertexts are supported.');
    const keyVersionId = blob.subarray(3, 3 + UUID_LENGTH).toString('latin1');
    if (!UUID_RE.test(keyVersionId))
        invalid('The key version id is malformed.');
    return { format: 'aliyun-advance', keyVersionId, algorithm: 'AES_GCM', ...splitBody(blob.subarray(3 + UUID_LENGTH)) };
}
function parseShared(blob) {
    const keyVersionId = blob.subarray(0, UUID_LENGTH).toString('latin1');
    if (blob.length < UUID_LENGTH || !UUID_RE.test(keyVersionId))
        invalid('Unrecognised ciphertext format.');
    return {
        format: 'aliyun-shared',
        keyVersionId,
        algorithm: 'AES_GCM',
        algorithmImplied: true,
        ...splitBody(blob.subarray(UUID_LENGTH)),
    };
}
/**
 * Recognises the three formats by their first byte (0xC5, '$', or the first hex digit of a UUID). Never trusts
 * lengths it has not checked; anything malformed throws InvalidParameter naming CiphertextBlob.
 */
export function parseCiphertextBlob(blob) {
    if (!Buffer.isBuffer(blob) || blob.length === 0)
        invalid('The ciphertext is empty.');
    if (blob[0] === OPENKMS_BLOB_MAGIC)
        return parseOpenkms(blob);
    if (blob[0] === ADVANCE_MAGIC)
        return parseAdvance(blob);
    return parseShared(blob);
}
/**
 * The GCM algorithm to decrypt `parsed` with a key version of `spec`. For 'aliyun-shared' blobs the spec decides
 * (Aliyun_SM4 → SM4_GCM); for self-describing blobs a mismatch with the spec is rejected.
 */
export function resolveBlobAlgorithm(parsed, spec) {
    const expected = spec === 'Aliyun_SM4' ? 'SM4_GCM' : spec.startsWith('Aliyun_AES_') ? 'AES_GCM' : undefined;
    if (!expected)
        invalid('The ciphertext was not produced by a symmetric key.');
    if (!parsed.algorithmImplied && parsed.algorithm !== expected)
        invalid('The ciphertext algorithm does not match the key.');
    return expected;
}
function checkedEntries(ctx) {
    if (typeof ctx !== 'object' || ctx === null || Array.isArray(ctx)) {
        throw KmsErrors.invalidParameter('EncryptionContext', 'It must be a JSON object of strings.');
    }
    const entries = Object.entries(ctx).map(([k, v]) => {
        if (typeof v !== 'string')
            throw KmsErrors.invalidParameter('EncryptionContext', 'Every value must be a string.');
        if (LONE_SURROGATE_RE.test(k) || LONE_SURROGATE_RE.test(v)) {
            throw KmsErrors.invalidParameter('EncryptionContext', 'It contains an unpaired UTF-16 surrogate.');
        }
        return [Buffer.from(k, 'utf8'), Buffer.from(v, 'utf8')];
    });
    return entries.sort((a, b) => Buffer.compare(a[0], b[0]));
}
function u32(n) {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
}
/** Alibaba combined SDK (Go/Java): k1=v1&k2=v2 with keys sorted; the AAD is its SHA-256 (or that digest in hex). */
function aliyunJoinDigest(entries) {
    const h = createHash('sha256');
    entries.forEach(([k, v], i) => h.update(Buffer.concat([i ? Buffer.from('&') : Buffer.alloc(0), k, Buffer.from('='), v])));
    return h.digest();
}
const OPENKMS_AAD_LABEL = Buffer.from('openkms-ec-v1\0', 'ascii');
/**
 * The AAD binding an EncryptionContext to a blob of `format`; order-insensitive in every format.
 * - openkms-v1: empty for no/empty context, else label ‖ u32 count ‖ (u32 len ‖ key ‖ u32 len ‖ value)… with keys
 *   sorted by UTF-8 bytes: length prefixes make it injective, unlike a `k=v&` join.
 * - aliyun-*: what the Go/Java combined SDK sends as Aad: nothing when the context is absent, else
 *   SHA-256(sorted `k=v&k=v`), so blobs that SDK built from instance-API results decrypt here.
 * Pass `undefined` only when the request had no EncryptionContext at all.
 */
export function encryptionContextAad(ctx, format) {
    if (ctx === undefined)
        return Buffer.alloc(0);
    const entries = checkedEntries(ctx);
    if (format !== 'openkms-v1')
        return aliyunJoinDigest(entries);
    if (entries.length === 0)
        return Buffer.alloc(0);
    const parts = [OPENKMS_AAD_LABEL, u32(entries.length)];
    for (const [k, v] of entries)
        parts.push(u32(k.length), k, u32(v.length), v);
    return Buffer.concat(parts);
}
/**
 * Every AAD an Alibaba SDK may have used for a context, for Decrypt to try in turn on 'aliyun-*' blobs: the Go/Java
 * digest, the Python SDK's hex digest (Advance*), its raw JSON string (Encrypt, needs `rawJson`), and for an
 * empty context both "no AAD" and SHA-256(""). An absent context and openkms-v1 blobs have exactly one candidate.
 */
export function encryptionContextAadCandidates(ctx, format, rawJson) {
    if (format === 'openkms-v1' || ctx === undefined)
        return [encryptionContextAad(ctx, format)];
    const entries = checkedEntries(ctx);
    const out = [];
    if (entries.length === 0)
        out.push(Buffer.alloc(0));
    const digest = aliyunJoinDigest(entries);
    out.push(digest, Buffer.from(digest.toString('hex'), 'ascii'));
    if (rawJson)
        out.push(Buffer.from(rawJson, 'utf8'));
    return out.filter((b, i) => out.findIndex((o) => o.equals(b)) === i);
}
