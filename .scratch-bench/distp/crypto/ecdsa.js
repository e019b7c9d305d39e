/**
 * ECDSA_SHA_256 for EC_P256 (prime256v1) and EC_P256K (secp256k1) over a caller-supplied 32-byte digest
 * (spec/kms-openapi.md §4.4). Node can only sign what it hashes itself, so the math comes from @noble/curves with
 * `prehash: false`; signatures are DER (X9.62 / RFC 3279), hedged (RFC 6979 plus fresh randomness).
 */
import { p256 } from '@noble/curves/nist';
import { secp256k1 } from '@noble/curves/secp256k1';
import { CryptoError } from './crypto-error.js';
import { decodeDerSignature, encodeDerSignature } from './ec-signature.js';
import { ecPointFromSpki, ecScalarFromPkcs8 } from './ec-keys.js';
const IMPL = { 'P-256': p256, secp256k1 };
/** Signs the digest; secp256k1 signatures are normalised to low-S (BIP 62), which every verifier accepts. */
export function ecdsaSignDigest(curve, material, digest) {
    const d = ecScalarFromPkcs8(material, curve);
    const impl = IMPL[curve];
    let sig;
    try {
        sig = impl.sign(digest, d, { prehash: false, lowS: curve === 'secp256k1', extraEntropy: true });
    }
    catch (e) {
        throw new CryptoError('key', `ECDSA signing failed: ${e.message}`);
    }
    finally {
        d.fill(0);
    }
    const compact = Buffer.from(sig.toCompactRawBytes());
    return encodeDerSignature(compact.subarray(0, 32), compact.subarray(32));
}
/** Verifies a DER signature; high-S signatures are accepted (X9.62 has no low-S rule), malformed ones are false. */
export function ecdsaVerifyDigest(curve, spki, digest, signature) {
    const impl = IMPL[curve];
    const point = ecPointFromSpki(spki, curve);
    try {
        impl.ProjectivePoint.fromHex(point).assertValidity();
    }
    catch (e) {
        throw new CryptoError('key', `invalid ${curve} public key: ${e.message}`);
    }
    const rs = decodeDerSignature(signature, impl.CURVE.n);
    if (!rs)
        return false;
    return impl.verify(Buffer.concat([rs.r, rs.s]), digest, point, { prehash: false, lowS: false, format: 'compact' });
}
