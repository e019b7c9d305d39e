/** HMAC for GenerateMac/VerifyMac (spec/kms-openapi.md §4.3 HMAC keys; RFC 2104). SM3 comes from OpenSSL 3. */
import { createHmac, timingSafeEqual } from 'node:crypto';
const DIGEST = {
    HMAC_SHA_256: 'sha256',
    HMAC_SHA_224: 'sha224',
    HMAC_SHA_384: 'sha384',
    HMAC_SHA_512: 'sha512',
    HMAC_SM3: 'sm3',
};
/** Computes HMAC(key, msg) with the named hash; throws on an unknown algorithm name. */
export function hmac(alg, key, msg) {
    const digest = DIGEST[alg];
    if (!digest)
        throw new RangeError(`unknown HMAC algorithm ${String(alg)}`);
    return createHmac(digest, key).update(msg).digest();
}
/** Compares MACs without leaking the position of the first difference; a length mismatch is simply false. */
export function timingSafeEqualBytes(a, b) {
    if (a.length !== b.length)
        return false;
    return timingSafeEqual(a, b);
}
