/** Key specs, usages, origins and states of the KMS OpenAPI (spec/kms-openapi.md §4.2–4.4). */
export const SYMMETRIC_SPECS = ['Aliyun_AES_256', 'Aliyun_AES_128', 'Aliyun_AES_192', 'Aliyun_SM4'];
export const ASYMMETRIC_SPECS = ['RSA_2048', 'RSA_3072', 'EC_P256', 'EC_P256K', 'EC_SM2'];
export const KEY_SPECS = [...SYMMETRIC_SPECS, ...ASYMMETRIC_SPECS];
export const KEY_USAGES = ['ENCRYPT/DECRYPT', 'SIGN/VERIFY'];
export const ORIGINS = ['Aliyun_KMS', 'EXTERNAL'];
export const PROTECTION_LEVELS = ['SOFTWARE', 'HSM'];
export const KEY_STATES = ['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport'];
export function isSymmetric(spec) {
    return SYMMETRIC_SPECS.includes(spec);
}
/** Which usages each spec allows (spec §4.3). */
export const USAGES_BY_SPEC = {
    Aliyun_AES_256: ['ENCRYPT/DECRYPT'],
    Aliyun_AES_128: ['ENCRYPT/DECRYPT'],
    Aliyun_AES_192: ['ENCRYPT/DECRYPT'],
    Aliyun_SM4: ['ENCRYPT/DECRYPT'],
    RSA_2048: ['ENCRYPT/DECRYPT', 'SIGN/VERIFY'],
    RSA_3072: ['ENCRYPT/DECRYPT', 'SIGN/VERIFY'],
    EC_P256: ['SIGN/VERIFY'],
    EC_P256K: ['SIGN/VERIFY'],
    EC_SM2: ['ENCRYPT/DECRYPT', 'SIGN/VERIFY'],
};
/** Current Alibaba default: SIGN/VERIFY when the spec can sign, otherwise ENCRYPT/DECRYPT (spec §4.3). */
export function defaultUsage(spec) {
    return USAGES_BY_SPEC[spec].includes('SIGN/VERIFY') ? 'SIGN/VERIFY' : 'ENCRYPT/DECRYPT';
}
