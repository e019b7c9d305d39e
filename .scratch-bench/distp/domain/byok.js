/**
 * Rules of bringing your own key material (spec/kms-openapi.md §4.11, §6.7): which wrapping keys GetParametersForImport
 * offers, how long an import token lives, how much material each key spec takes, and when imported material expires.
 */
import { KmsErrors } from './errors.js';
import { IMPORT_WRAPPING_ALGORITHMS } from '../crypto/import-unwrap.js';
/** What clients may ask for; SM2PKE / EC_SM2 are accepted as names but refused (`requireWrappingPair`). */
export const WRAPPING_ALGORITHM_NAMES = [...IMPORT_WRAPPING_ALGORITHMS, 'SM2PKE'];
export const WRAPPING_KEY_SPEC_NAMES = ['RSA_2048', 'EC_SM2'];
/** An import token and its wrapping key are valid for 24 hours (documented). */
export const IMPORT_TOKEN_LIFETIME_MS = 24 * 3600 * 1000;
/**
 * Expired tokens are kept this long before the scheduler forgets them, so a late ImportKeyMaterial hears
 * `ExpiredImportToken` rather than `InvalidImportToken`.
 */
export const EXPIRED_TOKEN_RETENTION_MS = 7 * 24 * 3600 * 1000;
/** Imported material sizes per key spec (documented for AES_256 and SM4; the AES sizes follow from the cipher). */
const MATERIAL_BYTES = { Aliyun_AES_256: 32, Aliyun_AES_128: 16, Aliyun_AES_192: 24, Aliyun_SM4: 16 };
/** The largest KeyMaterialExpireUnix accepted: 9999-12-31T23:59:59Z, the last instant formatUtc can write. */
export const MAX_MATERIAL_EXPIRE_UNIX = 253_402_300_799;
/**
 * The wrapping algorithm a GetParametersForImport request may use. RSA algorithms need RSA_2048; SM2PKE with
 * EC_SM2 is for hardware-protected keys at Alibaba, and every openkms key is SOFTWARE, so it is refused as there.
 */
export function requireWrappingPair(algorithm, spec) {
    if (algorithm === 'SM2PKE' || spec === 'EC_SM2')
        throw KmsErrors.invalidParameter(algorithm === 'SM2PKE' ? 'WrappingAlgorithm' : 'WrappingKeySpec', 'SM2PKE with EC_SM2 wraps material for HSM-protected keys only, and openkms keys are SOFTWARE; use RSAES_OAEP_SHA_256 with RSA_2048.');
    return algorithm;
}
/** Bytes of material a symmetric key spec imports; undefined for specs that cannot import. */
export function importMaterialLength(spec) {
    return MATERIAL_BYTES[spec];
}
/**
 * KeyMaterialExpireUnix (seconds) as an epoch-ms expiry: 0 or absent means never (null); a time not after `now`
 * is InvalidParameter, since material that is already expired could never be used.
 */
export function materialExpiry(expireUnix, now) {
    if (expireUnix === undefined || expireUnix === 0)
        return null;
    const at = expireUnix * 1000;
    if (at <= now)
        throw KmsErrors.invalidParameter('KeyMaterialExpireUnix', 'It must be 0 (never) or a time in the future, in Unix seconds.');
    return at;
}
