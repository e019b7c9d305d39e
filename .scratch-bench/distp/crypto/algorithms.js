import { CryptoError } from './crypto-error.js';
/** Every signing algorithm signs a caller-computed 32-byte digest (SHA-256, or SM3(Z_A‖M) for SM2DSA). */
export const DIGEST_LENGTH = 32;
/** SM2PKE plaintext limit from the Alibaba table (§4.4); the ciphertext then stays ≤ 6144 bytes. */
export const SM2_MAX_PLAINTEXT = 6047;
const SIGN = {
    RSA_2048: ['RSA_PSS_SHA_256', 'RSA_PKCS1_SHA_256'],
    RSA_3072: ['RSA_PSS_SHA_256', 'RSA_PKCS1_SHA_256'],
    EC_P256: ['ECDSA_SHA_256'],
    EC_P256K: ['ECDSA_SHA_256'],
    EC_SM2: ['SM2DSA'],
};
const ENCRYPT = {
    RSA_2048: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'],
    RSA_3072: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'],
    EC_SM2: ['SM2PKE'],
};
/** RSA modulus sizes in bits, by spec. */
export const RSA_BITS = { RSA_2048: 2048, RSA_3072: 3072 };
const OAEP_HASH_LENGTH = {
    RSAES_OAEP_SHA_256: 32,
    RSAES_OAEP_SHA_1: 20,
};
/** Signing algorithms valid for the spec, in Alibaba's order; empty for symmetric specs. */
export function signAlgorithmsFor(spec) {
    return [...(SIGN[spec] ?? [])];
}
/** Encryption algorithms valid for the spec; empty for symmetric and sign-only specs (EC_P256, EC_P256K). */
export function encryptionAlgorithmsFor(spec) {
    return [...(ENCRYPT[spec] ?? [])];
}
/** Throws CryptoError('unsupported') unless `alg` can sign with `spec`. */
export function assertSignAlgorithm(spec, alg) {
    if (!SIGN[spec]?.includes(alg))
        throw new CryptoError('unsupported', `${String(alg)} is not valid for ${spec}`);
}
/** Throws CryptoError('unsupported') unless `alg` can encrypt with `spec`. */
export function assertEncryptionAlgorithm(spec, alg) {
    if (!ENCRYPT[spec]?.includes(alg))
        throw new CryptoError('unsupported', `${String(alg)} is not valid for ${spec}`);
}
/** Largest plaintext AsymmetricEncrypt accepts: OAEP k − 2·hLen − 2 (RFC 8017 §7.1.1), SM2 per Alibaba. */
export function maxPlaintextBytes(spec, alg) {
    assertEncryptionAlgorithm(spec, alg);
    if (alg === 'SM2PKE')
        return SM2_MAX_PLAINTEXT;
    const k = RSA_BITS[spec] / 8;
    return k - 2 * OAEP_HASH_LENGTH[alg] - 2;
}
