/**
 * Opens key material a client wrapped for ImportKeyMaterial (spec/kms-openapi.md §4.11) with the RSA-2048 wrapping
 * key of its import token: RSAES-OAEP (RFC 8017 §7.1, SHA-1 or SHA-256 with MGF1 of the same hash) or
 * RSAES-PKCS1-v1_5 (RFC 8017 §7.2). Every failure (bad padding, wrong size, wrong key) is the same `auth` error, so
 * the caller can answer all of them alike and offer no padding oracle (Bleichenbacher 1998).
 */
import { constants, createPrivateKey, privateDecrypt } from 'node:crypto';
import { CryptoError } from './crypto-error.js';
export const IMPORT_WRAPPING_ALGORITHMS = ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];
const OAEP_HASH = {
    RSAES_OAEP_SHA_1: 'sha1',
    RSAES_OAEP_SHA_256: 'sha256',
};
/** The smallest PKCS#1 v1.5 padding string (RFC 8017 §7.2.1: PS is at least eight octets). */
const MIN_PS_LENGTH = 8;
function refused() {
    throw new CryptoError('auth', 'the wrapped key material could not be opened with this wrapping key');
}
/** 1 when the (32-bit) integers are equal, else 0, without a branch on their values. */
function eq(a, b) {
    const x = a ^ b;
    return ((x | -x) >>> 31) ^ 1;
}
/** 1 when a ≥ b for small non-negative integers, else 0, without a branch. */
function ge(a, b) {
    return ((a - b) >>> 31) ^ 1;
}
/**
 * EME-PKCS1-v1_5 decoding (RFC 8017 §7.2.2 step 3) of `em`, accepting only a message of `expectedLength` bytes.
 * It scans the whole block and decides once at the end, so no early exit reveals where the padding went wrong.
 * (Node 20 refuses RSA_PKCS1_PADDING for private decryption since CVE-2023-46809, hence the raw RSA plus this.)
 */
export function decodePkcs1v15(em, expectedLength) {
    const k = em.length;
    let good = eq(em[0] ?? 1, 0x00) & eq(em[1] ?? 0, 0x02);
    let separator = 0;
    let found = 0;
    for (let i = 2; i < k; i++) {
        const isZero = eq(em[i], 0x00);
        const first = isZero & (found ^ 1);
        separator |= i & -first;
        found |= isZero;
    }
    good &= found;
    good &= ge(separator, 2 + MIN_PS_LENGTH);
    good &= eq(k - separator - 1, expectedLength);
    const message = Buffer.from(em.subarray(Math.max(0, k - expectedLength)));
    if (good !== 1)
        refused();
    return message;
}
function loadKey(privateKeyPkcs8) {
    try {
        return createPrivateKey({ key: privateKeyPkcs8, format: 'der', type: 'pkcs8' });
    }
    catch (e) {
        throw new CryptoError('key', `invalid wrapping private key: ${e.message}`);
    }
}
/**
 * Decrypts `wrapped` with the token's private key (PKCS#8 DER) and returns exactly `expectedLength` bytes of
 * material; anything else throws CryptoError('auth').
 */
export function unwrapImportedMaterial(privateKeyPkcs8, algorithm, wrapped, expectedLength) {
    const key = loadKey(privateKeyPkcs8);
    const k = (key.asymmetricKeyDetails?.modulusLength ?? 0) / 8;
    if (key.asymmetricKeyType !== 'rsa' || wrapped.length !== k)
        refused();
    let material;
    try {
        material =
            algorithm === 'RSAES_PKCS1_V1_5'
                ? privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, wrapped)
                : privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP_HASH[algorithm] }, wrapped);
    }
    catch {
        refused();
    }
    if (algorithm === 'RSAES_PKCS1_V1_5')
        return decodePkcs1v15(material, expectedLength);
    if (material.length !== expectedLength)
        refused();
    return material;
}
