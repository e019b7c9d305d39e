/**
 * The key algorithms openkms implements, under the names the KMS API gives them. They live here, at the bottom,
 * because crypto/ imports nothing from the rest of the project (docs/architecture.md); domain/key-spec.ts
 * re-exports them as part of the shared vocabulary and adds usages, origins and states.
 */
export const SYMMETRIC_SPECS = ['Aliyun_AES_256', 'Aliyun_AES_128', 'Aliyun_AES_192', 'Aliyun_SM4'] as const
export const ASYMMETRIC_SPECS = ['RSA_2048', 'RSA_3072', 'EC_P256', 'EC_P256K', 'EC_SM2'] as const
/**
 * HMAC keys for GenerateMac/VerifyMac (docs/behaviour.md "HMAC keys"): one spec per MAC algorithm, named after it,
 * with material as long as the digest.
 */
export const MAC_SPECS = ['HMAC_SM3', 'HMAC_SHA_224', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512'] as const
export const KEY_SPECS = [...SYMMETRIC_SPECS, ...ASYMMETRIC_SPECS, ...MAC_SPECS] as const
export type SymmetricSpec = (typeof SYMMETRIC_SPECS)[number]
export type AsymmetricSpec = (typeof ASYMMETRIC_SPECS)[number]
export type MacSpec = (typeof MAC_SPECS)[number]
export type KeySpec = (typeof KEY_SPECS)[number]
