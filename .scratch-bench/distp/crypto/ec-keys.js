/**
 * EC key containers for the three curves openkms uses (EC_P256, EC_P256K, EC_SM2): SubjectPublicKeyInfo
 * (RFC 5480 §2) and PKCS#8 (RFC 5208) wrapping an ECPrivateKey (RFC 5915). Only uncompressed points are produced
 * or accepted. Math on the points stays in @noble/curves / sm-crypto-v2, which validate that points are on-curve.
 */
import { CryptoError } from './crypto-error.js';
import { TAG, encodeSequence, encodeTlv, fixedLength, integerMagnitude, readChildren, readOnly } from './der.js';
const EC_PUBLIC_KEY_OID = Buffer.from('2a8648ce3d0201', 'hex');
const CURVE_OID = {
    'P-256': Buffer.from('2a8648ce3d030107', 'hex'),
    secp256k1: Buffer.from('2b8104000a', 'hex'),
    SM2: Buffer.from('2a811ccf5501822d', 'hex'),
};
const SCALAR_LENGTH = 32;
const POINT_LENGTH = 65;
function algorithmIdentifier(curve) {
    return encodeSequence(encodeTlv(TAG.OID, EC_PUBLIC_KEY_OID), encodeTlv(TAG.OID, CURVE_OID[curve]));
}
function checkAlgorithm(content, curve) {
    const [alg, params, ...rest] = readChildren(content);
    if (!alg || !params || rest.length)
        throw new CryptoError('key', 'malformed EC AlgorithmIdentifier');
    if (alg.tag !== TAG.OID || !alg.value.equals(EC_PUBLIC_KEY_OID))
        throw new CryptoError('key', 'not an EC key');
    if (params.tag !== TAG.OID || !params.value.equals(CURVE_OID[curve])) {
        throw new CryptoError('key', `EC key is not on curve ${curve}`);
    }
}
function asKeyError(what, f) {
    try {
        return f();
    }
    catch (e) {
        if (e instanceof CryptoError && e.reason === 'key')
            throw e;
        throw new CryptoError('key', `${what}: ${e.message}`);
    }
}
/** Returns the uncompressed point `04‖x‖y` from an SPKI DER, checking the curve OID. */
export function ecPointFromSpki(spki, curve) {
    return asKeyError('invalid EC public key', () => {
        const [alg, key, ...rest] = readChildren(readOnly(spki, TAG.SEQUENCE));
        if (!alg || !key || rest.length || alg.tag !== TAG.SEQUENCE || key.tag !== TAG.BIT_STRING) {
            throw new CryptoError('key', 'malformed SubjectPublicKeyInfo');
        }
        checkAlgorithm(alg.value, curve);
        const bits = key.value;
        if (bits.length !== 1 + POINT_LENGTH || bits[0] !== 0 || bits[1] !== 0x04) {
            throw new CryptoError('key', 'EC public key must be an uncompressed point');
        }
        return Buffer.from(bits.subarray(1));
    });
}
/** Builds the SPKI DER of an uncompressed point; for SM2 this is `3059…822d034200 ‖ 04‖x‖y`. */
export function ecSpkiFromPoint(point, curve) {
    if (point.length !== POINT_LENGTH || point[0] !== 0x04)
        throw new CryptoError('key', 'expected an uncompressed point');
    return encodeSequence(algorithmIdentifier(curve), encodeTlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([0]), point])));
}
/** Returns the 32-byte private scalar from a PKCS#8 DER holding an ECPrivateKey on `curve`. */
export function ecScalarFromPkcs8(pkcs8, curve) {
    return asKeyError('invalid EC private key', () => {
        const [version, alg, key] = readChildren(readOnly(pkcs8, TAG.SEQUENCE));
        if (!version || !alg || !key || alg.tag !== TAG.SEQUENCE || key.tag !== TAG.OCTET_STRING) {
            throw new CryptoError('key', 'malformed PKCS#8');
        }
        const v = integerMagnitude(version);
        if (v.length > 1 || (v.length === 1 && v[0] > 1))
            throw new CryptoError('key', 'unsupported PKCS#8 version');
        checkAlgorithm(alg.value, curve);
        const [ecVersion, scalar] = readChildren(readOnly(key.value, TAG.SEQUENCE));
        if (!ecVersion || !scalar || scalar.tag !== TAG.OCTET_STRING)
            throw new CryptoError('key', 'malformed ECPrivateKey');
        const ev = integerMagnitude(ecVersion);
        if (ev.length !== 1 || ev[0] !== 1)
            throw new CryptoError('key', 'unsupported ECPrivateKey version');
        const d = fixedLength(scalar.value, SCALAR_LENGTH);
        if (d.every((b) => b === 0))
            throw new CryptoError('key', 'zero private scalar');
        return Buffer.from(d);
    });
}
/** Builds a PKCS#8 DER (ECPrivateKey v1 with its public key) that OpenSSL and Node can load. */
export function ecPkcs8FromScalar(scalar, point, curve) {
    const ecPrivateKey = encodeSequence(encodeTlv(TAG.INTEGER, Buffer.from([1])), encodeTlv(TAG.OCTET_STRING, fixedLength(scalar, SCALAR_LENGTH)), encodeTlv(0xa1, encodeTlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([0]), point]))));
    return encodeSequence(encodeTlv(TAG.INTEGER, Buffer.from([0])), algorithmIdentifier(curve), encodeTlv(TAG.OCTET_STRING, ecPrivateKey));
}
