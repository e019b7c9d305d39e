/**
 * The DER form of ECDSA and SM2 signatures, `SEQUENCE { r INTEGER, s INTEGER }` (RFC 3279 §2.2.3, GM/T 0009),
 * parsed strictly so a signature has exactly one accepted encoding.
 */
import { CryptoError } from './crypto-error.js';
import { TAG, encodeSequence, encodeUnsignedInteger, fixedLength, integerMagnitude, readChildren, readOnly } from './der.js';
const SCALAR_LENGTH = 32;
/** Encodes fixed-length big-endian r and s as DER. */
export function encodeDerSignature(r, s) {
    return encodeSequence(encodeUnsignedInteger(r), encodeUnsignedInteger(s));
}
/** Decodes DER into 32-byte r and s, checking 1 ≤ r, s < n; returns null for anything malformed or out of range. */
export function decodeDerSignature(der, order) {
    try {
        const parts = readChildren(readOnly(der, TAG.SEQUENCE));
        if (parts.length !== 2)
            return null;
        const r = fixedLength(integerMagnitude(parts[0]), SCALAR_LENGTH);
        const s = fixedLength(integerMagnitude(parts[1]), SCALAR_LENGTH);
        for (const v of [r, s]) {
            const n = BigInt(`0x${v.toString('hex')}`);
            if (n === 0n || n >= order)
                return null;
        }
        return { r, s };
    }
    catch (e) {
        if (e instanceof CryptoError)
            return null;
        throw e;
    }
}
