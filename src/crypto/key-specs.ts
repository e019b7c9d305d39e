/**
 * The key algorithms openkms implements, under the names the KMS API gives them. They live here, at the bottom,
 * because crypto/ imports nothing from the rest of the project (docs/architecture.md); domain/key-spec.ts
 * re-exports them as part of the shared vocabulary and adds usages, origins and states.
 */
export const SYMMETRIC_SPECS = ['Aliyun_AES_256', 'Aliyun_AES_128', 'Aliyun_AES_192', 'Aliyun_SM4'] as const
export const ASYMMETRIC_SPECS = ['RSA_2048', 'RSA_3072', 'EC_P256', 'EC_P256K', 'EC_SM2'] as const
export const KEY_SPECS = [...SYMMETRIC_SPECS, ...ASYMMETRIC_SPECS] as const
export type SymmetricSpec = (typeof SYMMETRIC_SPECS)[number]
export type AsymmetricSpec = (typeof ASYMMETRIC_SPECS)[number]
export type KeySpec = (typeof KEY_SPECS)[number]
