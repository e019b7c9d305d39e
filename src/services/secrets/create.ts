/**
 * CreateSecret's checks, in the order a client can act on them (spec/kms-openapi.md §5, CreateSecret
 * documentation): type-specific configuration and name, version id, value, rotation, policy, tags; then the
 * write. Nothing is stored when any check fails.
 */
import type { SecretRecord } from '../../store/store.js'
import type { Runtime } from '../context.js'
import { KmsErrors } from '../../domain/errors.js'
import {
  decodeSecretData,
  isManagedType,
  SECRET_ROTATION_RANGE,
  validateSecretName,
  validateVersionId,
  type SecretDataType,
  type SecretType,
} from '../../domain/secret-rules.js'
import { initialManagedValue, managedSecretName, rotationRefusal, validateExtendedConfig } from '../../domain/managed-secrets.js'
import { parseRotationInterval } from '../../domain/rotation-interval.js'
import { validateSecretPolicy } from '../../domain/secret-policy.js'
import { validateTags, type Tag } from '../../domain/tags.js'
import { createSecret } from './writes.js'
import { credentialSource } from './rotation.js'

export interface CreateSecretRequest {
  secretName: string
  versionId: string
  secretData: string
  secretDataType: SecretDataType
  secretType: SecretType
  description: string
  encryptionKeyId?: string
  dkmsInstanceId?: string
  tags?: Tag[]
  extendedConfig?: Record<string, unknown>
  enableAutomaticRotation: boolean
  rotationInterval?: string
  policy?: string
}

/** Validates a CreateSecret request and creates the secret; returns it with the name it was stored under. */
export async function createSecretFromRequest(rt: Runtime, q: CreateSecretRequest): Promise<SecretRecord> {
  const type = q.secretType
  const managed = isManagedType(type)
  const config = managed ? validateExtendedConfig(type as Exclude<SecretType, 'Generic'>, q.extendedConfig) : null
  const configObject = config === null ? {} : (JSON.parse(config) as Record<string, unknown>)
  const name = managed ? managedSecretName(type as Exclude<SecretType, 'Generic'>, q.secretName, configObject) : q.secretName
  validateSecretName(name, type)
  validateVersionId(q.versionId)
  if (managed && q.secretDataType !== 'text')
    throw KmsErrors.invalidParameter('SecretDataType', `${type} secrets hold text values.`)
  const bytes = decodeSecretData(q.secretData, q.secretDataType)
  const value = managed
    ? Buffer.from(initialManagedValue(type as Exclude<SecretType, 'Generic'>, configObject, q.secretData, credentialSource(rt)), 'utf8')
    : bytes
  let rotationInterval: number | null = null
  if (q.enableAutomaticRotation) {
    const refusal = rotationRefusal(type, configObject)
    if (refusal) throw KmsErrors.unsupportedOperation(refusal)
    if (!q.rotationInterval) throw KmsErrors.missingParameter('RotationInterval')
    rotationInterval = parseRotationInterval(q.rotationInterval, 'RotationInterval', SECRET_ROTATION_RANGE)
  }
  const policy = q.policy === undefined ? null : validateSecretPolicy(q.policy)
  const tags = validateTags(q.tags ?? [], 'Tags')
  return createSecret(rt, {
    secretName: name,
    secretType: type,
    versionId: q.versionId,
    value,
    dataType: q.secretDataType,
    description: q.description,
    encryptionKeyId: q.encryptionKeyId,
    dkmsInstanceId: q.dkmsInstanceId ?? null,
    extendedConfig: config,
    policy,
    tags,
    rotationInterval,
  })
}
