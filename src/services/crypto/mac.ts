/**
 * GenerateMac / VerifyMac with HMAC keys (docs/behaviour.md "HMAC keys"): the key's one version computes an RFC 2104
 * HMAC with the algorithm its spec names. A MAC is compared in constant time; a wrong MAC is `Value: false`.
 */
import { KmsErrors } from '../../domain/errors.js'
import { isMac } from '../../domain/key-spec.js'
import type { KeyRecord } from '../../store/store.js'
import { hmac, timingSafeEqualBytes, type HmacAlgorithm } from '../../crypto/hmac.js'
import { cryptoKey, materialOf, stopIfDryRun, versionOf, type CryptoRuntime } from './crypto-keys.js'

export interface MacRequest {
  keyRef: string
  algorithm: HmacAlgorithm
  message: Buffer
  action: 'GenerateMac' | 'VerifyMac'
  dryRun?: boolean
}

export interface MacResult {
  keyId: string
  keyVersionId: string
  mac: Buffer
}

/** An HMAC key's spec allows exactly the algorithm it is named after. */
export function requireMacKey(key: KeyRecord, action: string, algorithm: HmacAlgorithm): void {
  if (!isMac(key.keySpec) || key.keyUsage !== 'GENERATE_VERIFY_MAC')
    throw KmsErrors.unsupportedOperation(`${action} needs an HMAC key (KeyUsage GENERATE_VERIFY_MAC), but ${key.keyId} is ${key.keySpec}.`)
  if (key.keySpec !== algorithm)
    throw KmsErrors.invalidParameter('Algorithm', `${key.keySpec} keys compute ${key.keySpec}, not ${algorithm}.`)
}

export async function computeMac(rt: CryptoRuntime, r: MacRequest): Promise<MacResult> {
  const key = await cryptoKey(rt, r.keyRef)
  requireMacKey(key, r.action, r.algorithm)
  if (!key.primaryVersionId) throw KmsErrors.keyState('PendingImport')
  const version = await versionOf(rt, key, key.primaryVersionId)
  const material = materialOf(version)
  stopIfDryRun(r.dryRun)
  return { keyId: key.keyId, keyVersionId: version.keyVersionId, mac: hmac(r.algorithm, material, r.message) }
}

export async function verifyMac(rt: CryptoRuntime, r: MacRequest, mac: Buffer): Promise<MacResult & { valid: boolean }> {
  const out = await computeMac(rt, r)
  return { ...out, valid: timingSafeEqualBytes(out.mac, mac) }
}
