/**
 * Writes that create versions or move stages (spec/kms-openapi.md §5). Invariants, kept by the store rather than
 * by luck: a VersionId is written once ((secret, version) primary key: exactly one concurrent writer wins, the
 * others replay against the winner); a stage marks one version ((secret, stage) primary key); every write bumps
 * the secret's revision with compare-and-set, so two writers never both build on the same stages.
 */
import { timingSafeEqual } from 'node:crypto'
import type { Repos, SecretPatch, SecretRecord, SecretVersionRecord } from '../../store/store.js'
import { UniqueViolation } from '../../store/store.js'
import type { Runtime } from '../context.js'
import { KmsErrors } from '../../domain/errors.js'
import { ACS_CURRENT, MAX_SECRET_VERSIONS, type SecretDataType, type SecretType } from '../../domain/secret-rules.js'
import { stageDiff, stagesAfterNewVersion, stagesAfterUpdate, stagesOf, versionsToDrop, type StageChange, type StageMap } from '../../domain/version-stages.js'
import type { Tag } from '../../domain/tags.js'
import { encryptionTarget, openVersionValue, sealVersionValue } from './encryption.js'
import { findLiveSecret, requireNotDeleting, stageMap } from './secrets.js'
import { CAS_ATTEMPTS, ConcurrentChange, withCompareAndSet } from '../compare-and-set.js'

/** Writes the stage rows that turn `before` into `after` (removals first, then moves). */
async function applyStages(tx: Repos, secretName: string, before: StageMap, after: StageMap): Promise<void> {
  const diff = stageDiff(before, after)
  for (const stage of diff.remove) await tx.secretVersions.removeStage(secretName, stage)
  for (const [stage, versionId] of diff.set) await tx.secretVersions.setStage(secretName, stage, versionId)
}

async function bumpRevision(tx: Repos, secret: SecretRecord, patch: SecretPatch): Promise<void> {
  if (!(await tx.secrets.update(secret.secretName, patch, secret.revision))) throw new ConcurrentChange()
  await tx.notify('secret', secret.secretName)
}

export interface NewSecret {
  secretName: string
  secretType: SecretType
  versionId: string
  value: Buffer
  dataType: SecretDataType
  description: string
  encryptionKeyId?: string
  dkmsInstanceId: string | null
  extendedConfig: string | null
  policy: string | null
  tags: Tag[]
  /** Seconds, when automatic rotation is enabled at creation. */
  rotationInterval: number | null
}

/** CreateSecret: the secret, its first version (ACSCurrent) and its tags, all in one transaction. */
export async function createSecret(rt: Runtime, spec: NewSecret): Promise<SecretRecord> {
  const target = await encryptionTarget(rt, spec.encryptionKeyId, 'CreateSecret')
  const sealed = sealVersionValue(target, spec.secretName, spec.versionId, spec.value)
  const now = rt.clock.now()
  const secret: SecretRecord = {
    secretName: spec.secretName,
    secretType: spec.secretType,
    description: spec.description,
    encryptionKeyId: sealed.encryptionKeyId,
    dkmsInstanceId: spec.dkmsInstanceId,
    extendedConfig: spec.extendedConfig,
    policy: spec.policy,
    creator: rt.config.accountId,
    automaticRotation: spec.rotationInterval === null ? 'Disabled' : 'Enabled',
    rotationInterval: spec.rotationInterval,
    lastRotationDate: null,
    nextRotationDate: spec.rotationInterval === null ? null : now + spec.rotationInterval * 1000,
    plannedDeleteTime: null,
    createdAt: now,
    updatedAt: now,
    revision: 1,
  }
  try {
    await rt.store.tx(async (tx) => {
      const existing = await tx.secrets.get(spec.secretName)
      if (existing) throw existing.plannedDeleteTime !== null ? KmsErrors.inDeleteWindow(spec.secretName) : KmsErrors.resourceExists(spec.secretName)
      await tx.secrets.insert(secret)
      await tx.secretVersions.insert({ ...sealed, secretName: spec.secretName, versionId: spec.versionId, ordinal: 1, createdAt: now, dataType: spec.dataType })
      await tx.secretVersions.setStage(spec.secretName, ACS_CURRENT, spec.versionId)
      if (spec.tags.length > 0) await tx.tags.put('secret', spec.secretName, spec.tags)
      await tx.notify('secret', spec.secretName)
    })
  } catch (e) {
    if (e instanceof UniqueViolation) throw KmsErrors.resourceExists(spec.secretName)
    throw e
  }
  return secret
}

export interface NewVersion {
  versionId: string
  value: Buffer
  dataType: SecretDataType
  /** Stages for the new version (default ACSCurrent). */
  stages?: string[]
}

export interface WrittenVersion {
  secretName: string
  versionId: string
  versionStages: string[]
}

/** What to do when the VersionId already exists: PutSecretValue compares the data, RotateSecret accepts. */
export type ReplayPolicy = 'same-data' | 'accept'

async function replay(rt: Runtime, existing: SecretVersionRecord, v: NewVersion, policy: ReplayPolicy): Promise<WrittenVersion> {
  if (policy === 'same-data') {
    const stored = await openVersionValue(rt, existing)
    const same = existing.dataType === v.dataType && stored.length === v.value.length && timingSafeEqual(stored, v.value)
    stored.fill(0)
    if (!same) throw KmsErrors.resourceExists(`secret version ${existing.versionId} (it holds different data; versions are write-once)`)
  }
  const stages = stagesOf(await stageMap(rt.store, existing.secretName), existing.versionId)
  return { secretName: existing.secretName, versionId: existing.versionId, versionStages: stages }
}

/** Appends a sealed version in one transaction: stages move, surplus unlabelled versions go, the revision bumps. */
async function appendVersion(rt: Runtime, secretName: string, version: Omit<SecretVersionRecord, 'ordinal'>, requested: string[] | undefined, patch: SecretPatch): Promise<string[]> {
  return rt.store.tx(async (tx) => {
    const secret = await tx.secrets.get(secretName)
    if (!secret) throw KmsErrors.resourceNotFound(secretName)
    requireNotDeleting(secret)
    const ordinal = (await tx.secretVersions.maxOrdinal(secretName)) + 1
    await tx.secretVersions.insert({ ...version, ordinal })
    const before = await stageMap(tx, secretName)
    const after = stagesAfterNewVersion(before, version.versionId, requested)
    const all = await tx.secretVersions.list(secretName)
    const drop = versionsToDrop(all.map((v) => v.versionId), after, MAX_SECRET_VERSIONS)
    await applyStages(tx, secretName, before, after)
    await tx.secretVersions.delete(secretName, drop)
    await bumpRevision(tx, secret, { ...patch, updatedAt: rt.clock.now() })
    return stagesOf(after, version.versionId)
  })
}

/**
 * Writes a new version of `secret` (PutSecretValue, RotateSecret). The value is sealed before the transaction;
 * a VersionId that exists already (before, or because a concurrent writer won the insert) is replayed.
 */
export async function writeVersion(rt: Runtime, secret: SecretRecord, v: NewVersion, policy: ReplayPolicy, action: string, patch: SecretPatch = {}): Promise<WrittenVersion> {
  const name = secret.secretName
  const earlier = await rt.store.secretVersions.get(name, v.versionId)
  if (earlier) return replay(rt, earlier, v, policy)
  const target = await encryptionTarget(rt, secret.encryptionKeyId, action)
  const sealed = sealVersionValue(target, name, v.versionId, v.value)
  const version = { ...sealed, secretName: name, versionId: v.versionId, createdAt: rt.clock.now(), dataType: v.dataType }
  for (let attempt = 1; ; attempt++) {
    try {
      const stages = await withCompareAndSet('secret', () => appendVersion(rt, name, version, v.stages, patch))
      return { secretName: name, versionId: v.versionId, versionStages: stages }
    } catch (e) {
      if (!(e instanceof UniqueViolation)) throw e
      const winner = await rt.store.secretVersions.get(name, v.versionId)
      if (winner) return replay(rt, winner, v, policy)
      if (attempt >= CAS_ATTEMPTS) throw KmsErrors.stateModifiedFailed('The secret was modified concurrently; retry the request.')
    }
  }
}

/** UpdateSecretVersionStage on a live secret (Generic only: managed secrets' stages follow their rotations). */
export async function updateVersionStage(rt: Runtime, ref: string, change: StageChange): Promise<string> {
  return withCompareAndSet('secret', () =>
    rt.store.tx(async (tx) => {
      const secret = await findLiveSecret(tx, rt, ref)
      if (secret.secretType !== 'Generic')
        throw KmsErrors.unsupportedOperation(`The stages of ${secret.secretType} secrets move only through RotateSecret.`)
      const before = await stageMap(tx, secret.secretName)
      const ids = new Set((await tx.secretVersions.list(secret.secretName)).map((v) => v.versionId))
      const after = stagesAfterUpdate(before, change, (id) => ids.has(id))
      await applyStages(tx, secret.secretName, before, after)
      await bumpRevision(tx, secret, { updatedAt: rt.clock.now() })
      return secret.secretName
    }),
  )
}
