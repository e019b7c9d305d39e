/**
 * How secret values meet keys (docs/secrets.md): the encryption key is a symmetric key of ours (EncryptionKeyId,
 * or a default key created on first use under `alias/acs/secretsmanager`), each version is envelope-sealed under
 * the key's primary version, and reading a value requires that key to be usable (its state code otherwise).
 */
import { randomBytes } from 'node:crypto'
import type { KeyRecord, SecretVersionRecord } from '../../store/store.js'
import { UniqueViolation } from '../../store/store.js'
import type { Runtime } from '../context.js'
import { KmsErrors } from '../../domain/errors.js'
import type { KeySpec } from '../../domain/key-spec.js'
import { openSecret, sealSecret, type SealedSecret } from '../../crypto/secret-envelope.js'
import type { GcmAlgorithm } from '../../crypto/symmetric.js'
import { isCryptoError } from '../../crypto/crypto-error.js'
import { materialOf, requireUsableKey, versionOf } from '../crypto/crypto-keys.js'
import { sealTarget, type SealTarget } from '../crypto/symmetric.js'
import { createKey } from '../keys/keys.js'

/** The service-managed key that encrypts secrets created without EncryptionKeyId. */
export const DEFAULT_SECRET_KEY_ALIAS = 'alias/acs/secretsmanager'

function algorithmOf(spec: KeySpec): GcmAlgorithm {
  return spec === 'Aliyun_SM4' ? 'SM4_GCM' : 'AES_GCM'
}

/**
 * The default secrets key, created with its alias on first use. Creation runs in one transaction that re-checks
 * the alias, so concurrent first uses agree on one key (a losing writer's UniqueViolation sends it to the winner's).
 */
export async function defaultSecretKeyId(rt: Runtime): Promise<string> {
  const existing = await rt.store.aliases.get(DEFAULT_SECRET_KEY_ALIAS)
  if (existing) return existing.keyId
  const material = randomBytes(32)
  try {
    return await rt.store.tx(async (tx) => {
      const again = await tx.aliases.get(DEFAULT_SECRET_KEY_ALIAS)
      if (again) return again.keyId
      const key = await createKey(rt, {
        keySpec: 'Aliyun_AES_256',
        keyUsage: 'ENCRYPT/DECRYPT',
        origin: 'Aliyun_KMS',
        description: 'Default key of openkms Secrets Manager',
        rotationInterval: null,
        dkmsInstanceId: null,
        policy: null,
        tags: [],
        material: { material, publicKey: null },
      })
      const now = rt.clock.now()
      await tx.aliases.insert({ aliasName: DEFAULT_SECRET_KEY_ALIAS, keyId: key.keyId, createdAt: now, updatedAt: now })
      await tx.notify('alias', DEFAULT_SECRET_KEY_ALIAS)
      return key.keyId
    })
  } catch (e) {
    if (!(e instanceof UniqueViolation)) throw e
    const winner = await rt.store.aliases.get(DEFAULT_SECRET_KEY_ALIAS)
    if (!winner) throw e
    return winner.keyId
  } finally {
    material.fill(0)
  }
}

/**
 * The key new versions are sealed under: `ref` (id, alias or ARN) or the default key. It must be a symmetric key
 * (Rejected.UnsupportedOperation otherwise) in a usable state (Rejected.Disabled, Rejected.PendingDeletion, …).
 */
export async function encryptionTarget(rt: Runtime, ref: string | undefined, action: string): Promise<SealTarget> {
  return sealTarget(rt, ref ?? (await defaultSecretKeyId(rt)), action)
}

export interface SealedVersion extends SealedSecret {
  encryptionKeyId: string
  keyVersionId: string
}

/** Seals one version's value under the target key's primary version. */
export function sealVersionValue(target: SealTarget, secretName: string, versionId: string, value: Buffer): SealedVersion {
  const sealingKey = { alg: algorithmOf(target.key.keySpec), material: materialOf(target.version) }
  const sealed = sealSecret(value, sealingKey, { secretName, versionId, keyVersionId: target.version.keyVersionId })
  return { ...sealed, encryptionKeyId: target.key.keyId, keyVersionId: target.version.keyVersionId }
}

/**
 * Opens a stored version. The key that sealed it must still exist (Forbidden.KeyNotFound) and be usable (its
 * state's code, e.g. Rejected.Disabled); a blob that fails authentication is corruption, so it is internal.
 */
export async function openVersionValue(rt: Runtime, version: SecretVersionRecord): Promise<Buffer> {
  const key: KeyRecord = await rt.keyCache.key(version.encryptionKeyId)
  requireUsableKey(rt, key)
  const keyVersion = await versionOf(rt, key, version.keyVersionId)
  try {
    return openSecret(
      { wrappedDataKey: version.wrappedDataKey, ciphertext: version.ciphertext },
      { alg: algorithmOf(key.keySpec), material: materialOf(keyVersion) },
      { secretName: version.secretName, versionId: version.versionId, keyVersionId: version.keyVersionId },
    )
  } catch (e) {
    if (!isCryptoError(e)) throw e
    rt.log.error({ secretName: version.secretName, versionId: version.versionId }, 'stored secret version fails authentication')
    throw KmsErrors.internal()
  }
}
