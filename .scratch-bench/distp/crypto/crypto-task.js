import { RSA_BITS } from './algorithms.js';
import { CryptoError } from './crypto-error.js';
import { ecdsaSignDigest, ecdsaVerifyDigest } from './ecdsa.js';
import { rsaDecrypt, rsaSignDigest } from './rsa.js';
import { sm2Decrypt, sm2Encrypt, sm2SignDigest, sm2VerifyDigest } from './sm2.js';
const EC_CURVE = { EC_P256: 'P-256', EC_P256K: 'secp256k1' };
const buf = (u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
function rsaBits(spec) {
    const bits = RSA_BITS[spec];
    if (!bits)
        throw new CryptoError('unsupported', `${spec} is not an RSA spec`);
    return bits;
}
function sign(t) {
    if (t.alg === 'SM2DSA')
        return sm2SignDigest(buf(t.material), buf(t.digest));
    if (t.alg === 'ECDSA_SHA_256') {
        const curve = EC_CURVE[t.spec];
        if (!curve)
            throw new CryptoError('unsupported', `ECDSA is not valid for ${t.spec}`);
        return ecdsaSignDigest(curve, buf(t.material), buf(t.digest));
    }
    return rsaSignDigest(buf(t.material), rsaBits(t.spec), t.alg, buf(t.digest));
}
function verify(t) {
    if (t.alg === 'SM2DSA')
        return sm2VerifyDigest(buf(t.publicKey), buf(t.digest), buf(t.signature));
    const curve = EC_CURVE[t.spec];
    if (t.alg !== 'ECDSA_SHA_256' || !curve)
        throw new CryptoError('unsupported', `${t.alg} is not offloaded for ${t.spec}`);
    return ecdsaVerifyDigest(curve, buf(t.publicKey), buf(t.digest), buf(t.signature));
}
/** Runs one task synchronously; throws CryptoError for every expected failure. */
export function runCryptoTask(task) {
    switch (task.op) {
        case 'sign':
            return sign(task);
        case 'verify':
            return verify(task);
        case 'encrypt':
            if (task.alg !== 'SM2PKE')
                throw new CryptoError('unsupported', `${task.alg} is not offloaded`);
            return sm2Encrypt(buf(task.publicKey), buf(task.plaintext));
        case 'decrypt':
            if (task.alg === 'SM2PKE')
                return sm2Decrypt(buf(task.material), buf(task.ciphertext));
            return rsaDecrypt(buf(task.material), rsaBits(task.spec), task.alg, buf(task.ciphertext));
        default:
            throw new CryptoError('unsupported', `unknown crypto task ${task.op}`);
    }
}
