/** The rotation fields a managed secret carries in DescribeSecret, ListSecrets and GetSecretValue answers. */
import type { SecretRecord } from '../../store/repos/secrets.js'
import { formatUtc } from '../../domain/time.js'
import { formatSeconds } from '../../domain/rotation-interval.js'
import { isManagedType, type SecretType } from '../../domain/secret-rules.js'

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
