/**
 * Secret rotation (spec/kms-openapi.md §5): RotateSecret, UpdateSecretRotationPolicy and the scheduled rotation
 * of managed secrets. Generic secrets never rotate (Rejected.UnsupportedOperation: a new value is written with
 * PutSecretValue). A rotation writes fresh credentials as the new ACSCurrent version; see docs/secrets.md.
 */
import type { SecretPatch, SecretRecord } from '../../store/store.js'
import type { Runtime } from '../context.js'
import { KmsErrors } from '../../domain/errors.js'
import { formatUtc } from '../../domain/time.js'
import type { SecretType } from '../../domain/secret-rules.js'
import { rotatedManagedValue, rotationRefusal, type CredentialSource } from '../../domain/managed-secrets.js'
import { randomPassword } from '../../crypto/random-password.js'
import { findLiveSecret, getSecretValue } from './secrets.js'
import { writeVersion, type WrittenVersion } from './writes.js'
import { updateLiveSecret } from './lifecycle.js'

/** Characters left out of generated database passwords: quotes, backslash, slash, @ and space upset connection strings. */
const PASSWORD_UNSAFE = '"\'`\\/@ '

/** Fresh credentials for managed secrets: 32-character passwords with every character class, new AccessKeys. */
export function credentialSource(rt: Runtime): CredentialSource {
  return {
    password: () => randomPassword({ length: 32, exclude: new Set(), excludeCharacters: PASSWORD_UNSAFE, requireEachIncludedType: true }),
    accessKey: () => ({ accessKeyId: rt.ids.accessKeyId(), accessKeySecret: rt.ids.accessKeySecret() }),
    now: () => formatUtc(rt.clock.now()),
  }
}

function extendedConfigOf(secret: SecretRecord): Record<string, unknown> {
  return JSON.parse(secret.extendedConfig ?? '{}') as Record<string, unknown>
}

/** Generic secrets and ECS SSH-key secrets cannot rotate here (Rejected.UnsupportedOperation). */
export function requireRotatable(secret: SecretRecord): void {
  const refusal = rotationRefusal(secret.secretType as SecretType, extendedConfigOf(secret))
  if (refusal) throw KmsErrors.unsupportedOperation(refusal)
}

/** The schedule after a rotation at `now`. */
function scheduleAfterRotation(secret: SecretRecord, now: number): SecretPatch {
  const enabled = secret.automaticRotation === 'Enabled' && secret.rotationInterval !== null
  return { lastRotationDate: now, nextRotationDate: enabled ? now + (secret.rotationInterval as number) * 1000 : null }
}

/**
 * RotateSecret: a new version `versionId` with fresh credentials becomes ACSCurrent. Idempotent on VersionId:
 * when that version exists the request succeeds without rotating again (Alibaba documents this).
 */
export async function rotateSecret(rt: Runtime, ref: string, versionId: string): Promise<WrittenVersion> {
  const secret = await findLiveSecret(rt.store, rt, ref)
  requireRotatable(secret)
  const replay = { versionId, value: Buffer.alloc(0), dataType: 'text' as const }
  if (await rt.store.secretVersions.get(secret.secretName, versionId)) return writeVersion(rt, secret, replay, 'accept', 'RotateSecret')
  const current = await getSecretValue(rt, { secretName: secret.secretName })
  const next = rotatedManagedValue(secret.secretType as Exclude<SecretType, 'Generic'>, extendedConfigOf(secret), current.SecretData, credentialSource(rt))
  const patch = scheduleAfterRotation(secret, rt.clock.now())
  return writeVersion(rt, secret, { versionId, value: Buffer.from(next, 'utf8'), dataType: 'text' }, 'accept', 'RotateSecret', patch)
}

/** UpdateSecretRotationPolicy: enabling needs an interval (seconds) and schedules the next rotation from now. */
export async function updateRotationPolicy(rt: Runtime, ref: string, intervalSeconds: number | null): Promise<string> {
  const now = rt.clock.now()
  const updated = await updateLiveSecret(rt, ref, (secret) => {
    requireRotatable(secret)
    if (intervalSeconds === null) return { automaticRotation: 'Disabled', rotationInterval: null, nextRotationDate: null }
    return { automaticRotation: 'Enabled', rotationInterval: intervalSeconds, nextRotationDate: now + intervalSeconds * 1000 }
  })
  return updated.secretName
}

/**
 * The scheduled rotation of `secret`, due at its `nextRotationDate`. The version id is derived from that date,
 * so processes that run the same due rotation at once produce one version (the others replay it).
 */
export async function rotateDueSecret(rt: Runtime, secret: SecretRecord): Promise<boolean> {
  if (secret.nextRotationDate === null) return false
  await rotateSecret(rt, secret.secretName, `scheduled-${secret.nextRotationDate}`)
  return true
}
