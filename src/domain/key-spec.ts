/** Key specs, usages, origins and states of the KMS OpenAPI (spec/kms-openapi.md §4.2–4.4). */

import { ASYMMETRIC_SPECS, MAC_SPECS, SYMMETRIC_SPECS, type AsymmetricSpec, type KeySpec, type MacSpec, type SymmetricSpec } from '../crypto/key-specs.js'

// The spec names are the algorithms crypto/ implements; they are defined there so crypto/ needs nothing from here.
export {
  ASYMMETRIC_SPECS,
  KEY_SPECS,
  MAC_SPECS,
  SYMMETRIC_SPECS,
  type AsymmetricSpec,
  type KeySpec,
  type MacSpec,
  type SymmetricSpec,
} from '../crypto/key-specs.js'

export const KEY_USAGES = ['ENCRYPT/DECRYPT', 'SIGN/VERIFY', 'GENERATE_VERIFY_MAC'] as const
export type KeyUsage = (typeof KEY_USAGES)[number]

export const ORIGINS = ['Aliyun_KMS', 'EXTERNAL'] as const
export type Origin = (typeof ORIGINS)[number]

export const PROTECTION_LEVELS = ['SOFTWARE', 'HSM'] as const
export type ProtectionLevel = (typeof PROTECTION_LEVELS)[number]

export const KEY_STATES = ['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport'] as const
export type KeyState = (typeof KEY_STATES)[number]

/** Symmetric *encryption* specs (AES, SM4); HMAC keys are neither this nor asymmetric. */
export function isSymmetric(spec: KeySpec): spec is SymmetricSpec {
  return (SYMMETRIC_SPECS as readonly string[]).includes(spec)
}

export function isAsymmetric(spec: KeySpec): spec is AsymmetricSpec {
  return (ASYMMETRIC_SPECS as readonly string[]).includes(spec)
}

export function isMac(spec: KeySpec): spec is MacSpec {
  return (MAC_SPECS as readonly string[]).includes(spec)
}

/** Keys whose operations use one current version (the primary): symmetric encryption and HMAC keys. */
export function hasPrimaryVersion(spec: KeySpec): boolean {
  return !isAsymmetric(spec)
}

/** Which usages each spec allows (spec §4.3). */
export const USAGES_BY_SPEC: Record<KeySpec, readonly KeyUsage[]> = {
  Aliyun_AES_256: ['ENCRYPT/DECRYPT'],
  Aliyun_AES_128: ['ENCRYPT/DECRYPT'],
  Aliyun_AES_192: ['ENCRYPT/DECRYPT'],
  Aliyun_SM4: ['ENCRYPT/DECRYPT'],
  RSA_2048: ['ENCRYPT/DECRYPT', 'SIGN/VERIFY'],
  RSA_3072: ['ENCRYPT/DECRYPT', 'SIGN/VERIFY'],
  EC_P256: ['SIGN/VERIFY'],
  EC_P256K: ['SIGN/VERIFY'],
  EC_SM2: ['ENCRYPT/DECRYPT', 'SIGN/VERIFY'],
  HMAC_SM3: ['GENERATE_VERIFY_MAC'],
  HMAC_SHA_224: ['GENERATE_VERIFY_MAC'],
  HMAC_SHA_256: ['GENERATE_VERIFY_MAC'],
  HMAC_SHA_384: ['GENERATE_VERIFY_MAC'],
  HMAC_SHA_512: ['GENERATE_VERIFY_MAC'],
}

/** Current Alibaba default: SIGN/VERIFY when the spec can sign, otherwise ENCRYPT/DECRYPT (spec §4.3); HMAC keys have one usage. */
export function defaultUsage(spec: KeySpec): KeyUsage {
  if (isMac(spec)) return 'GENERATE_VERIFY_MAC'
  return USAGES_BY_SPEC[spec].includes('SIGN/VERIFY') ? 'SIGN/VERIFY' : 'ENCRYPT/DECRYPT'
}
