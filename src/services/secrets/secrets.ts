/**
 * Secret lookup and reads, shared by the Secrets Manager actions, the tag actions and the instance API's
 * GetSecretValue (spec/kms-openapi.md §5, §6.8; spec/kms-instance-api.md GetSecretValue).
 */
import type { Repos, SecretRecord, SecretVersionRecord } from '../../store/store.js'
import type { Runtime } from '../context.js'
import { KmsErrors } from '../../domain/errors.js'
import { formatUtc } from '../../domain/time.js'
import { rotationFields } from './rotation-fields.js'
import {
  ACS_CURRENT,
  ACS_PREVIOUS,
  encodeSecretData,
  isManagedType,
  parseSecretReference,
  type SecretDataType,
  type SecretType,
} from '../../domain/secret-rules.js'
import { stagesOf, type StageMap } from '../../domain/version-stages.js'
import { openVersionValue } from './encryption.js'

/** A SecretName parameter (name or ARN) to the secret; unknown ones are Forbidden.ResourceNotFound. */
export async function findSecret(repos: Repos, rt: Pick<Runtime, 'config'>, ref: string): Promise<SecretRecord> {
  const name = parseSecretReference(ref, rt.config)
  const secret = name === undefined ? undefined : await repos.secrets.get(name)
  if (!secret) throw KmsErrors.resourceNotFound(ref)
  return secret
}

/** Most operations are refused while a secret waits out its recovery window (Rejected.ResourceInDeleteWindow). */
export function requireNotDeleting(secret: SecretRecord): void {
  if (secret.plannedDeleteTime !== null) throw KmsErrors.inDeleteWindow(secret.secretName)
}

/** A secret that exists and is not scheduled for deletion. */
export async function findLiveSecret(repos: Repos, rt: Pick<Runtime, 'config'>, ref: string): Promise<SecretRecord> {
  const secret = await findSecret(repos, rt, ref)
  requireNotDeleting(secret)
  return secret
}

export async function stageMap(repos: Repos, secretName: string): Promise<Map<string, string>> {
  return new Map((await repos.secretVersions.stages(secretName)).map((s) => [s.stage, s.versionId]))
}

/** The fields of a GetSecretValue response (OpenAPI and instance API), with VersionStages as a plain list. */
export interface SecretValue {
  SecretName: string
  SecretType: string
  SecretData: string
  SecretDataType: SecretDataType
  VersionId: string
  VersionStages: string[]
  CreateTime: string
  AutomaticRotation?: string
  RotationInterval?: string
  LastRotationDate?: string
  NextRotationDate?: string
  ExtendedConfig?: string
}

export interface SecretValueQuery {
  secretName: string
  versionId?: string
  versionStage?: string
  fetchExtendedConfig?: boolean
}

/**
 * Picks the version a read names. Generic secrets: VersionId, else VersionStage (default ACSCurrent); when both
 * are given they must agree. Managed secrets ignore VersionId and serve only ACSCurrent and ACSPrevious.
 */
function pickVersionId(secret: SecretRecord, stages: StageMap, q: SecretValueQuery): string {
  const managed = isManagedType(secret.secretType as SecretType)
  if (q.versionId !== undefined && !managed) {
    if (q.versionStage !== undefined && stages.get(q.versionStage) !== q.versionId)
      throw KmsErrors.resourceNotFound(`version ${q.versionId} with stage ${q.versionStage}`)
    return q.versionId
  }
  const stage = q.versionStage ?? ACS_CURRENT
  if (managed && stage !== ACS_CURRENT && stage !== ACS_PREVIOUS)
    throw KmsErrors.invalidParameter('VersionStage', `${secret.secretType} secrets serve only ACSCurrent and ACSPrevious.`)
  const versionId = stages.get(stage)
  if (versionId === undefined) throw KmsErrors.resourceNotFound(`version stage ${stage}`)
  return versionId
}

/**
 * Reads and decrypts one version of a secret. Reads run outside a transaction (so they never queue behind the
 * writer lock); if a concurrent write drops the version between the stage lookup and the row read, the lookup
 * is repeated.
 */
export async function getSecretValue(rt: Runtime, q: SecretValueQuery): Promise<SecretValue> {
  const secret = await findLiveSecret(rt.store, rt, q.secretName)
  let version: SecretVersionRecord | undefined
  let stages: StageMap = new Map()
  for (let attempt = 0; attempt < 3 && !version; attempt++) {
    stages = await stageMap(rt.store, secret.secretName)
    const versionId = pickVersionId(secret, stages, q)
    version = await rt.store.secretVersions.get(secret.secretName, versionId)
    if (!version && versionId === q.versionId) throw KmsErrors.resourceNotFound(`secret version ${versionId}`)
  }
  if (!version) throw KmsErrors.resourceNotFound(`secret version of ${secret.secretName}`)
  const value = await openVersionValue(rt, version)
  const wantConfig = q.fetchExtendedConfig === true && secret.extendedConfig !== null
  return {
    SecretName: secret.secretName,
    SecretType: secret.secretType,
    SecretData: encodeSecretData(value, version.dataType),
    SecretDataType: version.dataType,
    VersionId: version.versionId,
    VersionStages: stagesOf(stages, version.versionId),
    CreateTime: formatUtc(version.createdAt),
    ...rotationFields(secret),
    ...(wantConfig ? { ExtendedConfig: secret.extendedConfig as string } : {}),
  }
}

/** GetSecretValue's OpenAPI body: VersionStages wrapped as `{"VersionStage":[…]}` (spec §7). */
export function renderSecretValue(v: SecretValue): Record<string, unknown> {
  return { ...v, VersionStages: { VersionStage: v.VersionStages } }
}
