import type { KeyRecord } from '../../store/repos/keys.js'
import { arn, type ArnScope } from '../../domain/arn.js'
import { formatUtc } from '../../domain/time.js'
import { formatSeconds } from '../../domain/rotation-interval.js'

/**
 * KeyMetadata as CreateKey/DescribeKey return it (seed CreateKey, spec §6.1). Optional fields appear only when
 * Alibaba documents them as present: rotation fields while rotation is Enabled/Suspended, DeleteDate while
 * PendingDeletion, PrimaryKeyVersion for symmetric keys.
 */
export function keyMetadata(key: KeyRecord, scope: ArnScope, opts: { describe: boolean }): Record<string, unknown> {
  const rotationOn = key.automaticRotation !== 'Disabled'
  const m: Record<string, unknown> = {
    KeyId: key.keyId,
    Arn: arn.key(scope, key.keyId),
    KeyState: key.state,
    KeySpec: key.keySpec,
    KeyUsage: key.keyUsage,
    Origin: key.origin,
    ProtectionLevel: key.protectionLevel,
    CreationDate: formatUtc(key.createdAt),
    Creator: key.creator,
    Description: key.description,
    AutomaticRotation: key.automaticRotation,
    MaterialExpireTime: key.materialExpireTime === null ? '' : formatUtc(key.materialExpireTime),
  }
  if (key.primaryVersionId) m.PrimaryKeyVersion = key.primaryVersionId
  if (key.lastRotationDate !== null) m.LastRotationDate = formatUtc(key.lastRotationDate)
  if (rotationOn && key.rotationInterval !== null) m.RotationInterval = formatSeconds(key.rotationInterval)
  if (rotationOn && key.nextRotationDate !== null) m.NextRotationDate = formatUtc(key.nextRotationDate)
  if (key.state === 'PendingDeletion' && key.deleteDate !== null) m.DeleteDate = formatUtc(key.deleteDate)
  if (key.dkmsInstanceId) m.DKMSInstanceId = key.dkmsInstanceId
  if (opts.describe) {
    m.DeletionProtection = key.deletionProtection ? 'Enabled' : 'Disabled'
    m.DeletionProtectionDescription = key.deletionProtectionDescription
  }
  return m
}
