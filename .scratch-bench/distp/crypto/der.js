/**
 * A deliberately small, strict DER (ITU-T X.690 §10) reader and writer for the few structures the asymmetric code
 * handles itself: ECDSA/SM2 signatures, SM2 ciphertexts (GM/T 0009) and EC key containers (RFC 5480, RFC 5915,
 * RFC 5208). Strictness (definite minimal lengths, minimal non-negative INTEGERs, no trailing bytes) keeps hostile
 * inputs from having two encodings of the same value.
 */
import { CryptoError } from './crypto-error.js';
export const TAG = {
    INTEGER: 0x02,
    BIT_STRING: 0x03,
    OCTET_STRING: 0x04,
    OID: 0x06,
    SEQUENCE: 0x30,
};
function bad(why) {
    throw new CryptoError('format', `malformed DER: ${why}`);
}
/** Reads one element at `offset`; rejects indefinite, non-minimal and overlong lengths. */
export function readTlv(buf, offset) {
    if (offset + 2 > buf.length)
        bad('truncated header');
    const tag = buf[offset];
    if ((tag & 0x1f) === 0x1f)
        bad('multi-byte tags are not supported');
    let len = buf[offset + 1];
    let pos = offset + 2;
    if (len & 0x80) {
        const n = len & 0x7f;
        if (n === 0)
            bad('indefinite length');
        if (n > 4)
            bad('length too large');
        if (pos + n > buf.length)
            bad('truncated length');
        len = 0;
        for (let i = 0; i < n; i++)
            len = len * 256 + buf[pos + i];
        if (buf[pos] === 0 || len < 0x80)
            bad('non-minimal length');
        pos += n;
    }
    if (pos + len > buf.length)
        bad('truncated value');
    return { tag, value: buf.subarray(pos, pos + len), end: pos + len };
}
/** Reads the single element that must fill `buf` exactly, with the expected tag. */
export function readOnly(buf, tag) {
    const tlv = readTlv(buf, 0);
    if (tlv.tag !== tag)
        bad(`expected tag 0x${tag.toString(16)}, got 0x${tlv.tag.toString(16)}`);
    if (tlv.end !== buf.length)
        bad('trailing bytes');
    return tlv.value;
}
/** Splits the content of a constructed element into its children. */
export function readChildren(content) {
    const out = [];
    let pos = 0;
    while (pos < content.length) {
        const tlv = readTlv(content, pos);
        out.push(tlv);
        pos = tlv.end;
    }
    return out;
}
/** Decodes a non-negative, minimally encoded INTEGER into its unsigned big-endian magnitude (no sign byte). */
export function integerMagnitude(tlv) {
    if (tlv.tag !== TAG.INTEGER)
        bad('expected INTEGER');
    const v = tlv.value;
    if (v.length === 0)
        bad('empty INTEGER');
    if (v[0] & 0x80)
        bad('negative INTEGER');
    if (v.length > 1 && v[0] === 0 && !(v[1] & 0x80))
        bad('non-minimal INTEGER');
    return v[0] === 0 ? v.subarray(1) : v;
}
/** Definite-length encoding, short form below 128. */
export function encodeLength(n) {
    if (n < 0x80)
        return Buffer.from([n]);
    const bytes = [];
    for (let v = n; v > 0; v = Math.floor(v / 256))
        bytes.unshift(v & 0xff);
    return Buffer.from([0x80 | bytes.length, ...bytes]);
}
/** tag ‖ length ‖ value. */
export function encodeTlv(tag, value) {
    return Buffer.concat([Buffer.from([tag]), encodeLength(value.length), value]);
}
/** Encodes an unsigned big-endian magnitude as a minimal DER INTEGER. */
export function encodeUnsignedInteger(magnitude) {
    let start = 0;
    while (start < magnitude.length - 1 && magnitude[start] === 0)
        start++;
    let v = magnitude.subarray(start);
    if (v.length === 0)
        v = Buffer.from([0]);
    if (v[0] & 0x80)
        v = Buffer.concat([Buffer.from([0]), v]);
    return encodeTlv(TAG.INTEGER, v);
}
/** SEQUENCE of already-encoded children. */
export function encodeSequence(...children) {
    return encodeTlv(TAG.SEQUENCE, Buffer.concat(children));
}
/** Left-pads (or rejects) a big-endian magnitude to exactly `len` bytes. */
export function fixedLength(magnitude, len) {
    if (magnitude.length > len)
        throw new CryptoError('format', `integer longer than ${len} bytes`);
    if (magnitude.length === len)
        return magnitude;
    return Buffer.concat([Buffer.alloc(len - magnitude.length), magnitude]);
}
