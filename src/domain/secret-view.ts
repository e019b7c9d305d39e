/**
 * Secret metadata as DescribeSecret and ListSecrets return it (spec/kms-openapi.md §6.8). Optional fields appear
 * only when Alibaba documents them as present: rotation fields for managed types, PlannedDeleteTime while a
 * deletion is scheduled, ExtendedConfig for managed types, Tags when FetchTags=true.
 */
import type { SecretRecord } from '../store/repos/secrets.js'
import type { TagRecord } from '../store/repos/tags.js'
import { arn, type ArnScope } from './arn.js'
import { formatUtc } from './time.js'
import { formatSeconds } from './rotation-interval.js'
import { isManagedType, type SecretType } from './secret-rules.js'

export type RotationFields = Partial<Record<'AutomaticRotation' | 'RotationInterval' | 'LastRotationDate' | 'NextRotationDate', string>>

/** AutomaticRotation for managed types; RotationInterval and NextRotationDate only while it is enabled. */
export function rotationFields(secret: SecretRecord): RotationFields {
  if (!isManagedType(secret.secretType as SecretType)) return {}
  const enabled = secret.automaticRotation === 'Enabled'
  const out: RotationFields = { AutomaticRotation: secret.automaticRotation }
  if (enabled && secret.rotationInterval !== null) out.RotationInterval = formatSeconds(secret.rotationInterval)
  if (secret.lastRotationDate !== null) out.LastRotationDate = formatUtc(secret.lastRotationDate)
  if (enabled && secret.nextRotationDate !== null) out.NextRotationDate = formatUtc(secret.nextRotationDate)
  return out
}

export function tagsView(tags: TagRecord[]): { Tag: Array<{ TagKey: string; TagValue: string }> } {
  return { Tag: tags.map((t) => ({ TagKey: t.tagKey, TagValue: t.tagValue })) }
}

/** One entry of ListSecrets' `SecretList.Secret[]`. */
export function secretListEntry(secret: SecretRecord, tags?: TagRecord[]): Record<string, unknown> {
  return {
    SecretName: secret.secretName,
    SecretType: secret.secretType,
    CreateTime: formatUtc(secret.createdAt),
    UpdateTime: formatUtc(secret.updatedAt),
    ...(secret.plannedDeleteTime !== null ? { PlannedDeleteTime: formatUtc(secret.plannedDeleteTime) } : {}),
    ...(tags ? { Tags: tagsView(tags) } : {}),
  }
}

/** DescribeSecret's body. */
export function describeSecretView(secret: SecretRecord, scope: ArnScope, tags?: TagRecord[]): Record<string, unknown> {
  return {
    Arn: arn.secret(scope, secret.secretName),
    SecretName: secret.secretName,
    SecretType: secret.secretType,
    Description: secret.description,
    EncryptionKeyId: secret.encryptionKeyId,
    CreateTime: formatUtc(secret.createdAt),
    UpdateTime: formatUtc(secret.updatedAt),
    ...(secret.dkmsInstanceId ? { DKMSInstanceId: secret.dkmsInstanceId } : {}),
    ...(secret.plannedDeleteTime !== null ? { PlannedDeleteTime: formatUtc(secret.plannedDeleteTime) } : {}),
    ...rotationFields(secret),
    ...(secret.extendedConfig !== null ? { ExtendedConfig: secret.extendedConfig } : {}),
    ...(tags ? { Tags: tagsView(tags) } : {}),
  }
}
