/**
 * RSA for RSA_2048 / RSA_3072 keys (spec/kms-openapi.md §4.4): signatures over a caller-supplied SHA-256 digest
 * (PSS salt 32, or PKCS#1 v1.5 with DigestInfo) and OAEP encryption with SHA-256 or SHA-1 (the same hash for MGF1).
 * Private operations here are synchronous; the facade runs them on worker threads.
 */
import { constants, createPrivateKey, createPublicKey, privateDecrypt, privateEncrypt, publicDecrypt, publicEncrypt, } from 'node:crypto';
import { CryptoError } from './crypto-error.js';
import { emsaPkcs1Sha256, emsaPssEncodeSha256, emsaPssVerifySha256 } from './rsa-encoding.js';
const OAEP_HASH = { RSAES_OAEP_SHA_256: 'sha256', RSAES_OAEP_SHA_1: 'sha1' };
/** Parsed keys by their DER: parsing plus OpenSSL's per-key blinding setup cost more than the signature itself. */
const KEY_CACHE_SIZE = 256;
const keyCache = new Map();
function cached(der, kind, load) {
    const id = kind + der.toString('base64');
    const hit = keyCache.get(id);
    if (hit) {
        keyCache.delete(id);
        keyCache.set(id, hit);
        return hit;
    }
    const key = load();
    if (keyCache.size >= KEY_CACHE_SIZE)
        keyCache.delete(keyCache.keys().next().value);
    keyCache.set(id, key);
    return key;
}
function checkRsa(key, bits) {
    if (key.asymmetricKeyType !== 'rsa')
        throw new CryptoError('key', `expected an RSA key, got ${key.asymmetricKeyType}`);
    const got = key.asymmetricKeyDetails?.modulusLength;
    if (got !== bits)
        throw new CryptoError('key', `expected an RSA-${bits} key, got RSA-${got}`);
    return key;
}
/** Loads PKCS#8 DER key material; `bits` is the modulus size the key spec promises. */
export function rsaPrivateKey(material, bits) {
    const key = cached(material, 'private', () => {
        try {
            return createPrivateKey({ key: material, format: 'der', type: 'pkcs8' });
        }
        catch (e) {
            throw new CryptoError('key', `invalid RSA private key: ${e.message}`);
        }
    });
    return checkRsa(key, bits);
}
/** Loads a SubjectPublicKeyInfo DER public key. */
export function rsaPublicKey(spki, bits) {
    const key = cached(spki, 'public', () => {
        try {
            return createPublicKey({ key: spki, format: 'der', type: 'spki' });
        }
        catch (e) {
            throw new CryptoError('key', `invalid RSA public key: ${e.message}`);
        }
    });
    return checkRsa(key, bits);
}
/** Signs a 32-byte SHA-256 digest without hashing it again. */
export function rsaSignDigest(material, bits, alg, digest) {
    const key = rsaPrivateKey(material, bits);
    const k = bits / 8;
    if (alg === 'RSA_PKCS1_SHA_256') {
        return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, emsaPkcs1Sha256(digest, k));
    }
    return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, emsaPssEncodeSha256(digest, bits, k));
}
/**
 * Verifies against a digest. PKCS#1 v1.5 compares the whole re-built encoding (no parsing, so no
 * Bleichenbacher-2006 style forgeries); PSS accepts any salt length.
 */
export function rsaVerifyDigest(spki, bits, alg, digest, signature) {
    const key = rsaPublicKey(spki, bits);
    const k = bits / 8;
    if (signature.length !== k)
        return false;
    let em;
    try {
        em = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
    }
    catch {
        return false;
    }
    if (em.length < k)
        em = Buffer.concat([Buffer.alloc(k - em.length), em]);
    if (alg === 'RSA_PKCS1_SHA_256')
        return em.equals(emsaPkcs1Sha256(digest, k));
    return emsaPssVerifySha256(digest, em, bits);
}
/** RSAES-OAEP encryption (RFC 8017 §7.1) with MGF1 over the same hash. */
export function rsaEncrypt(spki, bits, alg, plaintext) {
    const key = rsaPublicKey(spki, bits);
    return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP_HASH[alg] }, plaintext);
}
/** RSAES-OAEP decryption; every decoding failure is reported alike as CryptoError('auth') (RFC 8017 §7.1.2 note). */
export function rsaDecrypt(material, bits, alg, ciphertext) {
    const key = rsaPrivateKey(material, bits);
    if (ciphertext.length !== bits / 8)
        throw new CryptoError('format', `RSA ciphertext must be ${bits / 8} bytes`);
    try {
        return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP_HASH[alg] }, ciphertext);
    }
    catch {
        throw new CryptoError('auth', 'RSA-OAEP decryption failed');
    }
}
