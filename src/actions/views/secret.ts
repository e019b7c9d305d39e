/**
 * Secret metadata as DescribeSecret and ListSecrets return it (spec/kms-openapi.md §6.8). Optional fields appear
 * only when Alibaba documents them as present: rotation fields for managed types, PlannedDeleteTime while a
 * deletion is scheduled, ExtendedConfig for managed types, Tags when FetchTags=true.
 */
import type { SecretRecord } from '../../store/repos/secrets.js'
import type { TagRecord } from '../../store/repos/tags.js'
import { arn, type ArnScope } from '../../domain/arn.js'
import { formatUtc } from '../../domain/time.js'
import { rotationFields } from '../../services/secrets/rotation-fields.js'

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
