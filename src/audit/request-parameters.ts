/**
 * What of a request's parameters an audit event may carry: resource ARNs derived from the names that
 * identify a resource, and a short allow-list of descriptive parameters. Nothing else is ever copied, so a
 * plaintext, secret value, password, signature, security token or AccessKey secret cannot reach the log,
 * whatever parameter name it arrives under.
 */
import { arn, parseKeyReference, type ArnScope } from '../domain/arn.js'

/** Parameters recorded verbatim (truncated): identifiers and choices, never data. */
const RECORDED = [
  'KeyId', 'AliasName', 'SecretName', 'KeyVersionId', 'VersionId', 'VersionStage', 'KeySpec', 'KeyUsage', 'Origin',
  'ProtectionLevel', 'Algorithm', 'KmsInstanceId', 'DKMSInstanceId', 'SecretType', 'ResourceType', 'NumberOfBytes',
  'PendingWindowInDays', 'RecoveryWindowInDays', 'ForceDeleteWithoutRecovery', 'EnableAutomaticRotation',
  'RotationInterval', 'RemoveFromVersion', 'MoveToVersion', 'ClientKeyId', 'AapName', 'Name', 'PageNumber', 'PageSize',
  'WrappingAlgorithm', 'WrappingKeySpec', 'DestinationKeyId', 'SourceKeyId', 'IncludePlaintext', 'DryRun',
  // RAM and STS, served on the same endpoint: names of identities, never their credentials.
  'UserName', 'GroupName', 'RoleName', 'PolicyName', 'PolicyType', 'RoleArn', 'RoleSessionName', 'UserAccessKeyId',
] as const

const MAX_VALUE_CHARS = 256

/** Which ARN kind a `Name` parameter names, by the action's resource. */
function nameKind(action: string): keyof typeof arn | undefined {
  if (action.endsWith('NetworkRule')) return 'networkRule'
  if (action.endsWith('Policy')) return 'policy'
  if (action.endsWith('ApplicationAccessPoint')) return 'aap'
  return undefined
}

export interface DerivedResources {
  resourceType?: string
  resourceName?: string
  requestParameters?: Record<string, string>
}

const TYPE_OF: Record<string, string> = {
  key: 'ACS::KMS::Key',
  alias: 'ACS::KMS::Alias',
  secret: 'ACS::KMS::Secret',
  network: 'ACS::KMS::NetworkRule',
  policy: 'ACS::KMS::Policy',
  applicationaccesspoint: 'ACS::KMS::ApplicationAccessPoint',
  keystore: 'ACS::KMS::Instance',
  user: 'ACS::RAM::User',
  role: 'ACS::RAM::Role',
}

/** Resources and recorded parameters of one request; `params` values that are not strings are ignored. */
export function deriveResources(action: string, params: Readonly<Record<string, unknown>> | undefined, scope: ArnScope): DerivedResources {
  if (!params) return {}
  const text = (name: string): string | undefined => {
    const v = params[name]
    return typeof v === 'string' && v !== '' ? v : undefined
  }
  const arns: string[] = []
  const add = (value: string | undefined) => value && !arns.includes(value) && arns.push(value)
  for (const name of ['KeyId', 'SourceKeyId', 'DestinationKeyId']) {
    const v = text(name)
    if (!v) continue
    const ref = parseKeyReference(v, scope)
    add(ref && (ref.kind === 'id' ? arn.key(scope, ref.keyId) : arn.alias(scope, ref.aliasName)))
  }
  const alias = text('AliasName')
  if (alias) add(arn.alias(scope, alias))
  const secret = text('SecretName')
  if (secret) add(secretArn(secret, scope))
  const instance = text('KmsInstanceId') ?? text('DKMSInstanceId')
  if (instance) add(arn.instance(scope, instance))
  const kind = nameKind(action)
  const name = text('Name')
  if (kind && name) add(arn[kind](scope, name))
  const aap = text('AapName')
  if (aap) add(arn.aap(scope, aap))
  const user = text('UserName')
  if (user) add(`acs:ram::${scope.accountId}:user/${user}`)
  const role = text('RoleArn') ?? (text('RoleName') && `acs:ram::${scope.accountId}:role/${text('RoleName')}`)
  if (role) add(role)

  const recorded: Record<string, string> = {}
  for (const p of RECORDED) {
    const v = params[p]
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') recorded[p] = String(v).slice(0, MAX_VALUE_CHARS)
  }
  const bounded = arns.map((a) => a.slice(0, MAX_VALUE_CHARS))
  return {
    ...(bounded.length > 0
      ? { resourceName: bounded.join(';'), resourceType: bounded.map((a) => TYPE_OF[/:([a-z]+)\//.exec(a)?.[1] ?? ''] ?? 'ACS::KMS::Resource').join(';') }
      : {}),
    ...(Object.keys(recorded).length > 0 ? { requestParameters: recorded } : {}),
  }
}

/** A SecretName may already be an ARN (Alibaba accepts both). */
function secretArn(value: string, scope: ArnScope): string {
  return value.startsWith('acs:kms:') ? value : arn.secret(scope, value)
}
